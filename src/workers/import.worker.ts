/**
 * The import worker: parses dropped or opened splat/world files off the main thread, so a large
 * or hostile file never stalls rendering. One worker per import; the caller (import-client.ts)
 * terminates it on timeout, which is the only way to stop a synchronous parse.
 */
import * as Comlink from 'comlink'
import { importWorkerApi } from './import-api'

Comlink.expose(importWorkerApi)
