/** The export worker: encodes files off the main thread, so exporting never stalls rendering. */
import * as Comlink from 'comlink'
import { exportWorkerApi } from './export-api'

Comlink.expose(exportWorkerApi)
