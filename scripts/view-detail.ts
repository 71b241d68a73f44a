/**
 * Measures the detail of PNG views (screenshots, gallery frames, photographs converted to PNG):
 * one JSON line per file with the mean |Laplacian| of luminance and the power-spectrum slope.
 * Issue #13's bar for the app's view at 960x540, canvas only: laplacian >= 10, slope 1.6-2.6.
 *
 *   npx tsx scripts/view-detail.ts docs/screenshots/*.png
 */
import { readFile } from 'node:fs/promises'
import { measureDetail } from '../tests/support/image-detail'
import { decodePng } from '../tests/support/png-decode'

const files = process.argv.slice(2)
if (files.length === 0) {
  console.error('usage: npx tsx scripts/view-detail.ts FILE.png [FILE.png ...]')
  process.exit(2)
}
let failed = false
for (const file of files) {
  try {
    const image = decodePng(new Uint8Array(await readFile(file)))
    const m = measureDetail(image.rgba, image.width, image.height)
    const meets = m.laplacian >= 10 && m.spectrumSlope >= 1.6 && m.spectrumSlope <= 2.6
    console.log(
      JSON.stringify({
        file,
        width: image.width,
        height: image.height,
        laplacian: Number(m.laplacian.toFixed(2)),
        spectrumSlope: Number(m.spectrumSlope.toFixed(2)),
        meetsPhotoBar: meets,
      }),
    )
  } catch (err) {
    failed = true
    console.error(`${file}: ${(err as Error).message}`)
  }
}
process.exit(failed ? 1 : 0)
