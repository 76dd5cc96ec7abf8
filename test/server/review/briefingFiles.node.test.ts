import { strFromU8, unzipSync } from 'fflate'
import { PDFParse } from 'pdf-parse'
import { describe, expect, it } from 'vitest'
import type { Briefing } from '../../../server/contract'
import { briefingDocx } from '../../../server/review/briefingDocx'
import { briefingPdf } from '../../../server/review/briefingPdf'
import { barsChart, trendChart } from '../../../server/review/briefingCharts'
import { forgetCharts } from '../../../server/review/chartImage'

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

  it('draws the same charts to the same bytes each time, not only from the kept pictures', async () => {
    const charted: Briefing = {
      ...briefing,
      sections: [{
        heading: '一、总体情况',
        blocks: [
          trendChart(Array.from({ length: 8 }, (_, i) => ({ label: `2025年\n${'一二三四'[i % 4]}季度`, accepted: 700 + 13 * i, successRate: 95 + (i % 3) / 2, partial: i === 7 }))),
          barsChart('category', '类别', ['邻里纠纷', '婚恋家庭', '物业服务'], [{ name: '本季度', values: [190, 112, 107] }, { name: '上季度', values: [222, 85, 109], pale: true }]),
        ],
      }],
    }
    forgetCharts()
    const [pdf1, docx1] = [await briefingPdf(charted, '2026-03-31'), await briefingDocx(charted, '2026-03-31')]
    forgetCharts()
    const [pdf2, docx2] = [await briefingPdf(charted, '2026-03-31'), await briefingDocx(charted, '2026-03-31')]
    expect(pdf2.equals(pdf1)).toBe(true)
    expect(docx2.equals(docx1)).toBe(true)
    // Two pictures, cut apart from one drawing: each of its own size.
    const media = Object.entries(unzipSync(new Uint8Array(docx1))).filter(([f]) => f.startsWith('word/media/'))
    expect(media.map(([, png]) => [Buffer.from(png).readUInt32BE(16), Buffer.from(png).readUInt32BE(20)]).sort()).toEqual([[1600, 660], [1600, 400]].sort())
  })
})
