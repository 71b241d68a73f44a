import { describe, expect, it } from 'vitest'
import { decodeMessage, encodeFrame, encodeRender, HEADER_BYTES, WireError } from '../../src/core/wire'
import { rng, sampleFrame, sampleRequest } from '../support/fixtures'

/** Decoding must either succeed or throw WireError: any other exception would crash a server. */
function decodeOrWireError(bytes: Uint8Array): 'ok' | 'rejected' {
  try {
    decodeMessage(bytes)
    return 'ok'
  } catch (e) {
    if (e instanceof WireError) return 'rejected'
    throw e
  }
}

describe('wire decoder fuzz', () => {
  const seeds = [
    encodeRender(sampleRequest(3)),
    encodeFrame(sampleFrame(sampleRequest(4, { camera: { model: 'perspective', width: 16, height: 8 } }))),
  ]

  it('survives 3000 random byte strings', () => {
    const next = rng(1234)
    const outcomes = { ok: 0, rejected: 0 }
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 200))
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(next() * 256)
      outcomes[decodeOrWireError(bytes)]++
    }
    expect(outcomes.rejected).toBe(3000)
  })

  it('survives 4000 mutations of valid messages (flips, truncations, splices, header-consistent)', () => {
    const next = rng(99)
    const outcomes = { ok: 0, rejected: 0 }
    for (let i = 0; i < 4000; i++) {
      const base = seeds[i % seeds.length]!
      let bytes = base.slice()
      const kind = i % 4
      if (kind === 0) {
        for (let k = 0; k < 1 + Math.floor(next() * 8); k++)
          bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      } else if (kind === 1) {
        bytes = bytes.slice(0, Math.floor(next() * bytes.length))
      } else if (kind === 2) {
        const at = Math.floor(next() * bytes.length)
        const extra = Uint8Array.from({ length: Math.floor(next() * 32) }, () => Math.floor(next() * 256))
        bytes = Uint8Array.from([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)])
      } else {
        // Mutate the payload only and keep the header's length honest, to reach the JSON and frame parsers.
        const at = HEADER_BYTES + Math.floor(next() * (bytes.length - HEADER_BYTES))
        bytes[at] = Math.floor(next() * 256)
        bytes = bytes.slice(0, bytes.length - Math.floor(next() * 3))
        new DataView(bytes.buffer).setUint32(12, bytes.length - HEADER_BYTES, true)
      }
      outcomes[decodeOrWireError(bytes)]++
    }
    // Both paths were exercised: some mutations still decode, most are rejected with a code.
    expect(outcomes.ok).toBeGreaterThan(0)
    expect(outcomes.rejected).toBeGreaterThan(2000)
  })
})
