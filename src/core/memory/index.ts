export * from './context-retrieval'
export * from './spatial-memory'
export * from './stored-frame'
