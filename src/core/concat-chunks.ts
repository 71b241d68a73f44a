/**
 * Joins chunks (network reads, stream output, audio buffers, packed splats) into one array of
 * their kind, from its start. `make` may return a longer array than asked (padding stays zero).
 * `total` saves a second pass where the caller has counted the elements already.
 */
export function concatChunks<T extends Uint8Array | Int16Array | Uint32Array | Float32Array>(
  chunks: readonly T[],
  make: (length: number) => T,
  total = chunks.reduce((n, c) => n + c.length, 0),
): T {
  const out = make(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
