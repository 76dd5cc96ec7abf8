import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'
import { crc32, deflateSync } from 'node:zlib'
import type { BriefingBlock } from '../contract'
import type { PdfFont } from './pdf'

type Chart = Extract<BriefingBlock, { type: 'chart' }>

/** The family names resvg knows the bundled CJK fonts by (a TTC holds several; this picks the simplified Chinese one). */
const FAMILIES: Record<string, string> = { 'NotoSansCJKsc-Regular': 'Noto Sans CJK SC', WenQuanYiMicroHei: 'WenQuanYi Micro Hei' }

/**
 * A chart as a PNG for print: ECharts draws the option as SVG on the server (no browser) and
 * resvg rasterises it at twice its size with the report's own font, nothing from the system, so
 * the same option always gives the same bytes.
 */
export function chartPng(chart: Chart, font: PdfFont): Buffer {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height })
  let svg: string
  try {
    c.setOption(chart.option)
    svg = c.renderToSVGString()
  } finally {
    c.dispose()
  }
  const family = (font.family && FAMILIES[font.family]) ?? ''
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: family, sansSerifFamily: family },
  }).render()
  return rgbPng(image.pixels, image.width, image.height)
}

/**
 * An opaque PNG (RGB, no alpha) from RGBA pixels drawn on white. Without an alpha channel pdfkit
 * embeds the picture as it is, in order; with one it splits the alpha out asynchronously and the
 * PDF's objects could come out in either order.
 */
function rgbPng(rgba: Buffer, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) rgba.copy(raw, row + 1 + x * 3, (y * width + x) * 4, (y * width + x) * 4 + 3)
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(data.length, 0)
    head.write(type, 4, 'latin1')
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
    return Buffer.concat([head, data, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([8, 2, 0, 0, 0], 8) // 8 bits, RGB, deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
