import { Resvg } from '@resvg/resvg-js'
import * as echarts from 'echarts'
import { crc32, deflateSync } from 'node:zlib'
import type { BriefingBlock } from '../contract'
import type { PdfFont } from './pdf'

type Chart = Extract<BriefingBlock, { type: 'chart' }>

const ZOOM = 2
/** The last documents' pictures: a PDF and a .docx of the same quarter draw the same charts. */
const cache = new Map<string, Buffer[]>()
const CACHE_MAX = 16

/**
 * A document's charts as PNGs for print: ECharts draws each option as SVG on the server (no
 * browser), and resvg rasterises them at twice their size with the report's own font, nothing
 * from the system, so the same options always give the same bytes. Loading the CJK font is most
 * of the cost (≈ 0.4 s), so the charts are stacked into one picture, drawn once, and cut apart;
 * the last few documents' pictures are kept.
 */
export function chartPngs(charts: Chart[], font: PdfFont): Buffer[] {
  if (!charts.length) return []
  const key = JSON.stringify([font, charts.map((c) => [c.width, c.height, c.option])])
  const hit = cache.get(key)
  if (hit) return hit
  const width = Math.max(...charts.map((c) => c.width))
  const tops = charts.map((_, i) => charts.slice(0, i).reduce((a, c) => a + c.height, 0))
  const height = tops[tops.length - 1]! + charts[charts.length - 1]!.height
  // Each chart's own <svg>, placed at its top in one tall one.
  const parts = charts.map((chart, i) => svgOf(chart).replace(/^<svg\b/, `<svg x="0" y="${tops[i]}"`))
  // By family name: a TTC holds several faces, and this picks the one the PDF uses (the simplified Chinese).
  const family = font.familyName ?? ''
  const image = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`, {
    fitTo: { mode: 'zoom', value: ZOOM },
    background: '#ffffff',
    font: { fontFiles: [font.file], loadSystemFonts: false, defaultFontFamily: family, sansSerifFamily: family },
  }).render()
  const pixels = image.pixels
  const row = image.width * 4
  const out = charts.map((c, i) => rgbPng(pixels.subarray(tops[i]! * ZOOM * row, (tops[i]! + c.height) * ZOOM * row), image.width, c.width * ZOOM, c.height * ZOOM))
  cache.set(key, out)
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!)
  return out
}

/** Drops the kept pictures (a test draws the same charts afresh). */
export function forgetCharts() {
  cache.clear()
}

function svgOf(chart: Chart): string {
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height })
  try {
    c.setOption(chart.option)
    return c.renderToSVGString()
  } finally {
    c.dispose()
  }
}

/**
 * An opaque PNG (RGB, no alpha) from RGBA pixels drawn on white. Without an alpha channel pdfkit
 * embeds the picture as it is, in order; with one it splits the alpha out asynchronously and the
 * PDF's objects could come out in either order.
 */
function rgbPng(rgba: Uint8Array, stride: number, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  // Row by row, a filter byte (0) then each pixel's red, green and blue (the alpha dropped).
  for (let y = 0; y < height; y++) {
    let dst = y * (width * 3 + 1) + 1
    for (let x = 0, src = y * stride * 4; x < width; x++, src += 4, dst += 3) {
      raw[dst] = rgba[src]!
      raw[dst + 1] = rgba[src + 1]!
      raw[dst + 2] = rgba[src + 2]!
    }
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
