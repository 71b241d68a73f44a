/** The import worker bridge over a MessageChannel: results, errors as FormatErrors, and the deadline. */
import { readFileSync } from 'node:fs'
import * as Comlink from 'comlink'
import { describe, expect, it } from 'vitest'
import { FormatError, writeSpz } from '../../src/core/formats'
import { importWorkerApi, type ImportWorkerApi } from '../../src/workers/import-api'
import { importInWorker, type ImportEndpoint } from '../../src/workers/import-client'
import { randomBatch } from '../support/formats-fixtures'

function channelSpawner(api: ImportWorkerApi): { spawn: () => ImportEndpoint; terminated: () => number } {
  let terminated = 0
  return {
    terminated: () => terminated,
    spawn: () => {
      const { port1, port2 } = new MessageChannel()
      Comlink.expose(api, port2)
      return Object.assign(port1 as unknown as Comlink.Endpoint, {
        terminate: () => {
          terminated++
          port1.close()
          port2.close()
        },
      })
    },
  }
}

describe('import worker', () => {
  it('parses a file and returns its splats', async () => {
    const { spawn, terminated } = channelSpawner(importWorkerApi)
    const file = await importInWorker(await writeSpz(randomBatch(300, 4)), { spawn, name: 'w.spz' })
    expect(file.kind === 'splats' && file.splats.count).toBe(300)
    expect(terminated()).toBe(1)
  })

  it("parses Niantic's v4 fixture, and names a newer version through the bridge", async () => {
    const { spawn } = channelSpawner(importWorkerApi)
    const bytes = new Uint8Array(readFileSync('tests/data/spz-v4-ply_to_spz.spz'))
    const file = await importInWorker(bytes.slice(), { spawn, name: 'niantic.spz' })
    expect(file.kind === 'splats' && [file.version, file.splats.count]).toEqual([4, 18321])
    new DataView(bytes.buffer).setUint32(4, 5, true)
    const err = await importInWorker(bytes, { spawn, name: 'v5.spz' }).catch((e: unknown) => e)
    expect((err as FormatError).code).toBe('unsupported')
    expect((err as FormatError).message).toBe('spz: SPZ version 5 is newer than this reader (1-4)')
  })

  it('turns a bad file into a FormatError with its code', async () => {
    const { spawn } = channelSpawner(importWorkerApi)
    const err = await importInWorker(new TextEncoder().encode('ply\nformat ascii 1.0\nend_header\n'), {
      spawn,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FormatError)
    expect((err as FormatError).code).toBe('unsupported')
  })

  it('gives up at the deadline and terminates the worker', async () => {
    const never: ImportWorkerApi = { parse: () => new Promise(() => undefined) }
    const { spawn, terminated } = channelSpawner(never)
    const t0 = performance.now()
    const err = await importInWorker(new Uint8Array(8), { spawn, timeoutMs: 100 }).catch((e: unknown) => e)
    expect((err as FormatError).code).toBe('timeout')
    expect(performance.now() - t0).toBeLessThan(2000)
    expect(terminated()).toBe(1)
  })
})
