/**
 * The lift worker: de-duplication, occupancy and splat packing off the main thread, so restoring
 * a big world or a burst of frames never stalls drawing. The session talks to it through
 * WorkerLifter (lift-client.ts).
 */
import * as Comlink from 'comlink'
import { createLiftWorkerApi } from './lift-api'

Comlink.expose(createLiftWorkerApi())
