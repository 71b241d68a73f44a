import type { Frame } from '../core/frame'
import { knownMaterialBytes } from '../core/material'
import type { FrameKey } from '../core/stream'
import type { FrameRecord } from './schema'

/** gzip through the browser's CompressionStream: colour compresses ~3-5x, depth less. */
async function gzip(bytes: Uint8Array): Promise<Blob> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'))
  return new Response(stream).blob()
}

async function gunzip(blob: Blob): Promise<ArrayBuffer> {
  return new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer()
}

export async function encodeFrame(
  id: string,
  worldId: string,
  key: FrameKey | null,
  frame: Frame,
): Promise<FrameRecord> {
  const depthBytes = new Uint8Array(frame.depth.buffer, frame.depth.byteOffset, frame.depth.byteLength)
  const [rgba, depth, material] = await Promise.all([
    gzip(frame.rgba),
    gzip(depthBytes),
    frame.material ? gzip(frame.material) : null,
  ])
  return {
    id,
    worldId,
    key: key ? { ...key, cell: [...key.cell] } : null,
    pose: { position: [...frame.pose.position], rotation: [...frame.pose.rotation] },
    camera: { ...frame.camera },
    worldVersion: frame.worldVersion,
    modelId: frame.modelId,
    modelMs: frame.modelMs,
    rgba,
    depth,
    ...(material ? { material } : {}),
  }
}

export async function decodeFrame(r: FrameRecord): Promise<Frame> {
  const [rgba, depth, material] = await Promise.all([
    gunzip(r.rgba),
    gunzip(r.depth),
    r.material ? gunzip(r.material) : null,
  ])
  const pixels = r.camera.width * r.camera.height
  if (rgba.byteLength !== 4 * pixels || depth.byteLength !== 4 * pixels)
    throw new Error(`stored frame ${r.id} has the wrong size`)
  if (material && material.byteLength !== pixels)
    throw new Error(`stored frame ${r.id} has materials of the wrong size`)
  return {
    requestId: 0,
    pose: r.pose,
    camera: r.camera,
    worldVersion: r.worldVersion,
    modelId: r.modelId,
    rgba: new Uint8Array(rgba),
    depth: new Float32Array(depth),
    modelMs: r.modelMs,
    ...(material ? { material: knownMaterialBytes(new Uint8Array(material)) } : {}),
  }
}
