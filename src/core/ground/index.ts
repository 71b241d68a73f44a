export * from './ground'
export * from './height-field-ground'
export * from './placeholder-terrain'
export * from './world-ground'
