export * from './protocol'
export * from './codec'
export * from './wire-error'
export { parseFrameRequest, requestToJson } from './request-schema'
