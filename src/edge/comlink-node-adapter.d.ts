// comlink ships types for its Node adapter beside the .mjs, under a name TypeScript does not pair with it.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink'
  /* eslint-disable @typescript-eslint/no-explicit-any -- mirrors comlink's own loose Node endpoint type */
  export interface NodeEndpoint {
    postMessage(message: any, transfer?: any): void
    on(type: string, listener: (...args: any[]) => void): unknown
    off(type: string, listener: (...args: any[]) => void): unknown
    start?: () => void
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint
}
