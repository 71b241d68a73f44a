/**
 * The model runtime's public surface, safe for the browser worker (no Node imports here; the
 * Node loader lives in ./node-loader).
 */
export { FrameModelRuntime, type FrameModelRuntimeOptions, type FrameTimings } from './runtime'
export { loadManifest, manifestEntry } from './manifest'
export { FrameRequestError, ModelManifestError } from './errors'
export { validateFrameRequest } from './validate'
export type { OrtLike, OrtSessionLike, OrtTensorLike, SessionOptionsLike } from './ort-like'
