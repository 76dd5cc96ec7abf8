import { strFromU8, unzipSync } from 'fflate'
import { PDFParse } from 'pdf-parse'
import { describe, expect, it } from 'vitest'
import type { Briefing } from '../../../server/contract'
import { briefingDocx } from '../../../server/review/briefingDocx'
import { briefingPdf } from '../../../server/review/briefingPdf'

// A name typed by an admin (a unit's, a place's) is text in the files, whatever it holds.
const odd = '新绛县<b>住建</b>局 & “物业” <w:t>x</w:t>'
const briefing: Briefing = {
  region: { code: '140825000000', name: '新绛县', level: 'county' },
  quarter: '2026Q1',
  kind: 'dispute',
  title: '新绛县2026年第一季度矛盾纠纷研判报告',
  subtitle: '统计区间：2026年1月1日至2026年3月31日',
  sections: [
    { heading: '三、超期与督办', blocks: [{ type: 'p', text: `承办单位中，超期较多的是${odd}（派单3件）。` }, { type: 'list', items: [odd] }, { type: 'table', caption: '承办单位情况', head: ['承办单位', '派单数'], numeric: [false, true], rows: [[odd, '3']] }] },
  ],
}

describe("the briefing's files", () => {
  it('keep a name with markup in it as text: escaped in the .docx, drawn as written in the PDF', async () => {
    const files = unzipSync(new Uint8Array(await briefingDocx(briefing, '2026-03-31')))
    const xml = strFromU8(files['word/document.xml']!)
    expect(xml).toContain('新绛县&lt;b&gt;住建&lt;/b&gt;局 &amp; “物业” &lt;w:t&gt;x&lt;/w:t&gt;')
    expect(xml).not.toContain('<b>住建')
    // Dated by the data, not the clock.
    expect(strFromU8(files['docProps/core.xml']!)).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-30T16:00:00Z</dcterms:created>')
    const parser = new PDFParse({ data: new Uint8Array(await briefingPdf(briefing, '2026-03-31')) })
    const text = (await parser.getText()).text.replace(/\s+/g, '')
    await parser.destroy()
    expect(text).toContain(odd.replace(/\s+/g, ''))
  })
})
