/**
 * The per-pixel material classes of the model contract's optional `material` output (see
 * models/README.md, "Outputs"). A frame model that knows what it drew says so per pixel; the class
 * is its index in MATERIAL_CLASSES.
 */
export const MATERIAL_CLASSES = [
  'sky',
  'water',
  'ice',
  'snow',
  'rock',
  'sand',
  'soil',
  'grass',
  'tree',
  'lava',
  'building',
] as const

export type MaterialClass = (typeof MATERIAL_CLASSES)[number]

/** Class name -> index, as the model writes it. */
export const MATERIAL = Object.fromEntries(MATERIAL_CLASSES.map((c, i) => [c, i])) as Record<
  MaterialClass,
  number
>

/** Stored for a pixel whose output was not a known class (NaN, out of range). */
export const UNKNOWN_MATERIAL = 255

/** The model's float class per pixel -> bytes: the nearest class index, UNKNOWN_MATERIAL outside the table (or NaN). */
export function materialBytes(classes: Float32Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels)
  for (let i = 0; i < pixels; i++) {
    const c = Math.round(classes[i]!)
    out[i] = c >= 0 && c < MATERIAL_CLASSES.length ? c : UNKNOWN_MATERIAL
  }
  return out
}

/**
 * Class bytes from outside the process (an edge server, a stored record), with anything outside the
 * class table made UNKNOWN_MATERIAL, in place: a byte of 200 must not read as some class later.
 */
export function knownMaterialBytes(bytes: Uint8Array): Uint8Array {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= MATERIAL_CLASSES.length) bytes[i] = UNKNOWN_MATERIAL
  return bytes
}

/**
 * Share of the frame's pixels in each class, rounded to 3 decimals, largest first, classes that
 * round to 0 left out (`render --json`'s `materials`). Unknown pixels count towards the total only.
 */
export function materialFractions(material: Uint8Array): Partial<Record<MaterialClass, number>> {
  const counts = new Array<number>(MATERIAL_CLASSES.length).fill(0)
  for (const c of material) if (c < MATERIAL_CLASSES.length) counts[c]!++
  const total = Math.max(material.length, 1)
  const entries = MATERIAL_CLASSES.map(
    (name, i) => [name, Math.round((counts[i]! / total) * 1000) / 1000] as const,
  )
    .filter(([, share]) => share > 0)
    .sort((a, b) => b[1] - a[1])
  return Object.fromEntries(entries)
}

/**
 * Classes nobody stands on: teleport refuses them and walkers stop at their edge. Water and lava
 * are surfaces a frame sees but a person sinks into, a building's walls and roof one they cannot
 * walk through; ice and snow hold a walker. Trees are walked under: the walkable ground keeps
 * walkers out of their trunks by height, not class (core/ground/world-ground.ts).
 */
export function isUnwalkableMaterial(c: number): boolean {
  return c === MATERIAL.water || c === MATERIAL.lava || c === MATERIAL.building
}
