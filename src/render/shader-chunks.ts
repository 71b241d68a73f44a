import { ShaderChunk } from 'three'
import skyGradient from '../../shaders/sky-gradient.glsl?raw'

/** Our .glsl chunks by the name shaders use in `#include <name>`. */
const CHUNKS: Record<string, string> = {
  worldwalk_sky_gradient: skyGradient,
}

let registered = false

/** Registers the shared chunks on THREE.ShaderChunk once; materials compiled after this can include them. */
export function registerShaderChunks(): void {
  if (registered) return
  const target = ShaderChunk as unknown as Record<string, string>
  for (const [name, source] of Object.entries(CHUNKS)) target[name] = source
  registered = true
}
