/** Why an edit cannot apply; the document is unchanged when one is thrown. */
export type WorldEditErrorCode =
  | 'invalid-edit'
  | 'no-world'
  | 'too-many-regions'
  | 'crowded-place'
  | 'unknown-region'
  | 'base-region'
  | 'nothing-to-undo'
  | 'nothing-to-redo'
  | 'too-many-assets'

/** An edit the document refuses; `message` is written for the person, `code` for the app. */
export class WorldEditError extends Error {
  constructor(
    readonly code: WorldEditErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'WorldEditError'
  }
}

/** A saved world document that cannot be read; `path` names the offending field ("log[3].edit"). */
export class WorldDocumentError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message)
    this.name = 'WorldDocumentError'
  }
}
