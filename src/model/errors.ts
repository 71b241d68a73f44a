/** A request the model cannot serve: bad numbers, sizes or camera. The message says which field. */
export class FrameRequestError extends Error {
  override readonly name = 'FrameRequestError'
  constructor(
    message: string,
    /** Dotted path of the offending field, e.g. `pose.rotation`. */
    readonly field: string,
  ) {
    super(`${field}: ${message}`)
  }
}

/** A manifest (or model file) that does not meet the contract in models/README.md. */
export class ModelManifestError extends Error {
  override readonly name = 'ModelManifestError'
}
