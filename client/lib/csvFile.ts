/** A CSV file's text: UTF-8, or else GBK, as Excel in Chinese writes CSV. */
export async function csvText(f: File): Promise<string> {
  const buf = await f.arrayBuffer()
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    return new TextDecoder('gbk').decode(buf)
  }
}
