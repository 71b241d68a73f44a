/**
 * Why a file was refused. Codes are stable so the app can word its own message (and tests can
 * assert the reason) while `message` stays a one-line, human-readable explanation.
 */
export type FormatErrorCode =
  /** Not a file this reader understands (wrong magic, no recognisable header). */
  | 'unknown-format'
  /** A recognised format, but a variant or feature we do not read (ASCII PLY, spz v1, ...). */
  | 'unsupported'
  /** The header is malformed or contradicts itself. */
  | 'bad-header'
  /** A byte, header or inflated-size limit was exceeded. */
  | 'too-large'
  /** More splats than this device may hold. */
  | 'too-many-splats'
  /** Declared counts and strides do not add up to the bytes present. */
  | 'length-mismatch'
  /** The gzip stream is corrupt or truncated. */
  | 'bad-compression'
  /** NaN or infinity where a number is needed. */
  | 'non-finite'
  /** JSON that does not parse or does not match the schema. */
  | 'bad-json'
  /** Parsing took longer than allowed (set by the worker bridge). */
  | 'timeout'

export class FormatError extends Error {
  readonly code: FormatErrorCode
  /** The format the reader was parsing, when known ('spz', 'ply', ...). */
  readonly format: string | undefined

  constructor(code: FormatErrorCode, message: string, format?: string) {
    super(format ? `${format}: ${message}` : message)
    this.name = 'FormatError'
    this.code = code
    this.format = format
  }
}

export function isFormatError(err: unknown): err is FormatError {
  return err instanceof FormatError
}
