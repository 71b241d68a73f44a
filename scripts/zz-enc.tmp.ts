import { encodePrompt } from '../src/core/prompt'
import { STYLE_INDEX } from '../src/core/style'
for (const p of process.argv.slice(2)) {
  const { style } = encodePrompt(p)
  const o: Record<string, number> = {}
  for (const [k, i] of Object.entries(STYLE_INDEX)) o[k] = Number(style[i as number]!.toFixed(3))
  console.log(p, JSON.stringify(o))
}
