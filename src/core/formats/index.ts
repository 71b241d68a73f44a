/**
 * Splat and world file formats: readers and writers over Uint8Array, pure TypeScript, shared by
 * the app (import worker, export), the CLI and tests. Axes: three.js inside, each format's own
 * convention in the file (see docs/coordinates.md).
 */
export * from './axes'
export * from './collider'
export * from './engine-axes'
export * from './export-size'
export * from './format-error'
export * from './glb'
export * from './gzip'
export * from './imported'
export * from './limits'
export * from './ply'
export * from './read-file'
export * from './splat-file'
export * from './splat-math'
export * from './spz'
export * from './summary'
export * from './world-json'
