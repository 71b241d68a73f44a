import { describe, expect, it } from 'vitest'
import { MATERIAL_CLASSES, UNKNOWN_MATERIAL } from '../../src/core/material'
import {
  decodeMessage,
  encodeCancel,
  encodeError,
  encodeFrame,
  encodeHello,
  encodeRender,
  HEADER_BYTES,
  MessageType,
  WireError,
  WireErrorCode,
} from '../../src/core/wire'
import { sampleFrame, sampleRequest } from '../support/fixtures'

function expectWireError(fn: () => unknown, code: WireErrorCode, pattern?: RegExp): void {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(WireError)
    expect((e as WireError).code).toBe(code)
    if (pattern) expect((e as WireError).message).toMatch(pattern)
    return
  }
  throw new Error('expected a WireError')
}

describe('wire protocol v1 round trips', () => {
  it('render request keeps pose, camera, version and regions (style bit-exact)', () => {
    const req = sampleRequest(42)
    const msg = decodeMessage(encodeRender(req))
    expect(msg.type).toBe(MessageType.Render)
    if (msg.type !== MessageType.Render) return
    expect(msg.requestId).toBe(42)
    expect(msg.request.pose).toEqual(req.pose)
    expect(msg.request.camera).toEqual(req.camera)
    expect(msg.request.worldVersion).toBe(3)
    expect(msg.request.regions.map((r) => r.id)).toEqual(['base', 'lake'])
    expect(Array.from(msg.request.regions[1]!.style)).toEqual(Array.from(req.regions[1]!.style))
  })

  it('frame keeps every pixel and depth value bit-exact', () => {
    const frame = sampleFrame(sampleRequest(7, { camera: { model: 'equirect', width: 33, height: 17 } }))
    const bytes = encodeFrame(frame)
    const msg = decodeMessage(bytes)
    if (msg.type !== MessageType.Frame) throw new Error('not a frame')
    expect(msg.requestId).toBe(7)
    expect(msg.frame.rgba).toEqual(frame.rgba)
    expect(msg.frame.depth).toEqual(frame.depth)
    expect(msg.frame.modelId).toBe('test-model')
    expect(msg.frame.camera).toEqual(frame.camera)
  })

  it('carries the material classes when the frame has them, and refuses what does not add up', () => {
    const plain = sampleFrame(sampleRequest(3, { camera: { model: 'perspective', width: 9, height: 5 } }))
    const material = Uint8Array.from({ length: 45 }, (_, i) => i % MATERIAL_CLASSES.length)
    material[7] = UNKNOWN_MATERIAL
    const msg = decodeMessage(encodeFrame({ ...plain, material }))
    if (msg.type !== MessageType.Frame) throw new Error('not a frame')
    expect(msg.frame.material).toEqual(material)
    expect(msg.frame.depth).toEqual(plain.depth)
    const without = decodeMessage(encodeFrame(plain))
    if (without.type !== MessageType.Frame) throw new Error('not a frame')
    expect(without.frame.material).toBeUndefined()

    // A peer's bytes outside the class table become unknown, not some other class.
    const hostile = encodeFrame({ ...plain, material: new Uint8Array(45).fill(200) })
    const read = decodeMessage(hostile)
    if (read.type !== MessageType.Frame) throw new Error('not a frame')
    expect([...read.frame.material!].every((c) => c === UNKNOWN_MATERIAL)).toBe(true)
    // Claimed but missing, or present but not claimed: malformed, with the sizes in the message.
    const withBytes = encodeFrame({ ...plain, material })
    const cut = withBytes.slice(0, withBytes.length - 45)
    new DataView(cut.buffer).setUint32(12, cut.length - 16, true)
    expect(() => decodeMessage(cut)).toThrow(/with materials needs \d+ payload bytes/)
    const extra = new Uint8Array(encodeFrame(plain).length + 45)
    extra.set(encodeFrame(plain))
    new DataView(extra.buffer).setUint32(12, extra.length - 16, true)
    expect(() => decodeMessage(extra)).toThrow(/frame of 9x5 needs \d+ payload bytes/)
  })

  it('decodes a frame from an unaligned view (as sockets deliver)', () => {
    const bytes = encodeFrame(sampleFrame())
    const shifted = new Uint8Array(bytes.length + 1).subarray(1)
    shifted.set(bytes)
    const msg = decodeMessage(shifted)
    if (msg.type !== MessageType.Frame) throw new Error('not a frame')
    expect(msg.frame.depth[1]).toBe(sampleFrame().depth[1])
  })

  it('hello, cancel and error', () => {
    const hello = { protocol: 1, modelId: 'm', backend: 'cpu', maxInFlight: 4, maxRequestBytes: 65536 }
    expect(decodeMessage(encodeHello(hello))).toEqual({ type: MessageType.Hello, requestId: 0, hello })
    expect(decodeMessage(encodeCancel(9))).toEqual({ type: MessageType.Cancel, requestId: 9 })
    const error = { code: WireErrorCode.Busy, message: 'too many in flight' }
    expect(decodeMessage(encodeError(5, error))).toEqual({ type: MessageType.Error, requestId: 5, error })
  })
})

describe('wire protocol v1 rejects bad input with a code', () => {
  const good = encodeRender(sampleRequest(1))
  const patched = (at: number, value: number): Uint8Array => {
    const b = good.slice()
    b[at] = value
    return b
  }

  it('short, foreign, future-version, unknown-type and truncated messages', () => {
    expectWireError(() => decodeMessage(good.subarray(0, 10)), WireErrorCode.Malformed, /shorter/)
    expectWireError(() => decodeMessage(patched(0, 0)), WireErrorCode.Malformed, /not a Worldwalk/)
    expectWireError(() => decodeMessage(patched(4, 2)), WireErrorCode.UnsupportedVersion, /version 2/)
    expectWireError(() => decodeMessage(patched(5, 99)), WireErrorCode.UnknownType)
    expectWireError(() => decodeMessage(good.subarray(0, good.length - 3)), WireErrorCode.Malformed, /length/)
  })

  it('oversized messages are refused before parsing', () => {
    expectWireError(() => decodeMessage(good, 100), WireErrorCode.TooLarge)
  })

  it('invalid requests name the field', () => {
    const bad = sampleRequest(1, { camera: { model: 'perspective', width: 0, height: 10 } })
    expectWireError(() => decodeMessage(encodeRender(bad)), WireErrorCode.InvalidRequest, /camera.width/)
    const nan = sampleRequest(1, { pose: { position: [NaN, 0, 0], rotation: [0, 0, 0, 1] } })
    // JSON turns NaN into null, which is not a finite number.
    expectWireError(
      () => decodeMessage(encodeRender(nan)),
      WireErrorCode.InvalidRequest,
      /pose.position\[0\]/,
    )
  })

  it('a frame whose pixel block does not match its size is malformed', () => {
    const bytes = encodeFrame(sampleFrame())
    const cut = bytes.slice(0, bytes.length - 4)
    new DataView(cut.buffer).setUint32(12, cut.length - HEADER_BYTES, true)
    expectWireError(() => decodeMessage(cut), WireErrorCode.Malformed, /payload bytes/)
  })
})
