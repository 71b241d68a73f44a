/**
 * Gullies on bare rock: the 4 m fields leave a mountainside one smooth grey sheet from a few
 * hundred metres, where a photograph shows it scored by gullies running down the fall line, ribs
 * of rock between. Noise stretched four times along the fall line (the height gradient's
 * direction), signed (ribs lighter, gullies darker), gives them in two octaves (12 and 40 m
 * across, 50 and 160 m long), each dropped once it is under a few pixels. Creasing the noise at
 * its zero crossings instead drew thin wavering lines, marble veins rather than rock.
 */
import type { GraphBuilder, Value } from './graph'
import { fadeOf, noiseOne, type Detail } from './render-detail'

/** Gully (-) or rib (+), about +-0.5; `gx`, `gz` the ground's height gradient. */
export function gulliesOf(
  g: GraphBuilder,
  detail: Detail,
  xz: Value,
  gx: Value,
  gz: Value,
  footprint: Value,
): Value {
  const inv = g.op('Reciprocal', [g.sqrt(g.max(g.add(g.mul(gx, gx), g.mul(gz, gz)), 1e-6))])
  const dx = g.mul(gx, inv)
  const dz = g.mul(gz, inv)
  const [x, z] = g.split(xz, 1, [1, 1]) as [Value, Value]
  // Across the slope at full rate, down it a quarter: the noise's features become long lines.
  const across = g.sub(g.mul(x, dz), g.mul(z, dx))
  const down = g.mul(g.add(g.mul(x, dx), g.mul(z, dz)), 0.25)
  const frame = g.concat([across, down], 1)
  const streak = (lambda: number, shift: number, channel: number): Value =>
    g.mul(noiseOne(g, detail, frame, lambda, 0, shift, channel), fadeOf(g, footprint, lambda))
  // Signed: ribs lighter, gullies darker.
  return g.add(streak(12, 0.21, 1), g.mul(streak(40, 0.57, 2), 1.2))
}
