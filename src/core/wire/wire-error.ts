import type { WireErrorCode } from './protocol'

/** A message that could not be read or served; `code` goes on the wire, `message` is for people. */
export class WireError extends Error {
  constructor(
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'WireError'
  }
}
