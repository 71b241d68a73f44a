/**
 * The world document: typed, event-sourced, versioned edits of the region table, and the glue
 * from a parsed command (plus the viewer's pose and target) to an edit and its invalidation.
 */
export * from './apply-edit'
export * from './base-region'
export * from './document-json'
export * from './edit'
export * from './edit-validation'
export * from './errors'
export * from './frontier'
export * from './invalidation'
export * from './placed-asset'
export * from './placement'
export * from './plan-edit'
export * from './plan-options'
export * from './region-table'
export * from './spawn'
export * from './style-patch'
export * from './viewpoint'
export * from './world-document'
