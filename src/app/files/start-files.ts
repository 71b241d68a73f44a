/**
 * Wires import and export into the running app: the world menu's file items, the drop target's
 * `importFile`, the placed assets the renderer draws, and the two workers (import: one per file,
 * with a deadline; export: one, kept).
 */
import { DEVICE_IMPORT_LIMITS, type DeviceClass, type WorldFile } from '../../core/formats'
import { parseWorldDocument, viewpointOfPose } from '../../core/world'
import { importInWorker } from '../../workers/import-client'
import type { AppStore } from '../../ui/app-store'
import { copyText, viewLink } from '../view-link'
import type { WorldEditor } from '../world-editor'
import { assetStoreFor } from './asset-store'
import { downloadBytes } from './download'
import { ExportClient } from './export-client'
import type { SplatExportOptions } from './export-api'
import {
  EXPORT_AREAS,
  EXPORT_FORMATS,
  EXPORT_SIZES,
  NothingToExportError,
  exportWorld,
  type ExportArea,
  type ExportFormat,
  type ExportResult,
} from './export-world'
import type { FileAction } from '../../ui/file-actions'
import { exploredFrames } from '../../session/explored-frames'
import { importFile } from './import-file'
import { pickFile } from './pick-file'
import { PlacedAssets } from './placed-assets'

export interface WorldFiles {
  placed: PlacedAssets
  /** The last export (tests read its timings). */
  lastExport: ExportResult | null
  exportAs(format: ExportFormat): Promise<ExportResult | null>
  importFile(file: Blob & { name: string }): Promise<string>
  dispose(): void
}

export function startFiles(app: AppStore, runtime: WorldEditor, device: DeviceClass): WorldFiles {
  const limits = DEVICE_IMPORT_LIMITS[device]
  const session = runtime.session
  // Brief, like a command's result: it clears itself unless something else replaced it.
  const say = (message: string): void => app.getState().flash(message)
  const parse = (bytes: Uint8Array, name: string) =>
    importInWorker(bytes, {
      name,
      limits,
      spawn: () => new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' }),
    })
  const assets = assetStoreFor(runtime.storage)
  const placed = new PlacedAssets({
    world: () => ({ id: session.world.id, placed: runtime.doc.placed }),
    assets,
    parse,
    report: say,
  })
  const encoder = new ExportClient()
  // The menu's export choices, applied to every splat export until changed.
  const choices: Required<Pick<SplatExportOptions, 'spzVersion'>> & {
    size: number | null
    area: ExportArea
  } = { spzVersion: 3, size: null, area: 'around' }

  const openWorld = (world: WorldFile, name: string): string => {
    // A world file is a whole world (its base region spans everything around its own origin), so
    // it opens as a new world rather than being pasted into this one; this one stays saved.
    runtime.open(parseWorldDocument(world), world.prompt)
    // The file's start pose is where its author stood: the viewer starts there too.
    app.getState().goTo(viewpointOfPose(world.start))
    return `opened ${name}: "${world.prompt}" (${world.log.length} edits) as a new world; the previous one stays saved`
  }

  // One export at a time: the worker collects one file's splats (export-api.ts), and a second
  // click while a long walk is being lifted would mix two files.
  let exporting: ExportFormat | null = null
  const files: WorldFiles = {
    placed,
    lastExport: null,
    async exportAs(format: ExportFormat): Promise<ExportResult | null> {
      if (exporting) {
        say(`still exporting .${exporting}: wait for it to finish`)
        return null
      }
      exporting = format
      say(`exporting .${format}…`)
      try {
        const result = await exportWorld(
          format,
          {
            prompt: session.world.prompt,
            doc: runtime.doc,
            viewer: session.viewerPose,
            pages: { ids: () => session.store.pageIds(), view: (id) => session.store.view(id) },
            placed: () =>
              runtime.doc.placed.flatMap((p) => {
                const batch = placed.batchOf(p.assetId)
                return batch ? [{ batch, placed: p }] : []
              }),
            panorama: session.panorama
              ? {
                  rgba: session.panorama.rgba,
                  width: session.panorama.camera.width,
                  height: session.panorama.camera.height,
                }
              : null,
            explored: () => exploredFrames(session.memory, session.world, runtime.storage ?? undefined),
            lifter: session.liftConfig,
          },
          encoder,
          {
            spzVersion: choices.spzVersion,
            ...(choices.size !== null ? { maxSplats: choices.size } : {}),
            area: choices.area,
            progress: (done, total) => say(`exporting .${format}: ${done} of ${total} frames lifted…`),
          },
        )
        files.lastExport = result
        downloadBytes(result.bytes, result.name, result.mime)
        const kb = (result.bytes.length / 1024).toFixed(0)
        const what = result.splats !== undefined ? `, ${result.splats.toLocaleString('en-US')} splats` : ''
        const lost = result.frames?.missing ? `; ${result.frames.missing} frames were no longer stored` : ''
        say(`exported ${result.name} (${kb} KB${what}${lost})`)
        return result
      } catch (err) {
        if (!(err instanceof NothingToExportError)) console.error('export failed', err)
        say(`could not export .${format}: ${err instanceof Error ? err.message : String(err)}`)
        return null
      } finally {
        exporting = null
      }
    },
    async importFile(file: Blob & { name: string }): Promise<string> {
      say(`reading ${file.name}…`)
      const message = await importFile(file, {
        limits,
        parse,
        assets,
        world: () => ({ id: session.world.id, version: runtime.doc.version }),
        target: () => app.getState().target?.point ?? null,
        viewer: () => session.viewerPose,
        groundAt: (x, z) => session.ground.heightAt(x, z),
        remember: (id, batch) => placed.remember(id, batch),
        place: (edit) => runtime.applyEdit(edit, null),
        openWorld,
      })
      say(message)
      return message
    },
    dispose() {
      encoder.dispose()
    },
  }

  const sizeLabel = (n: number | null): string => (n === null ? 'full' : `${n / 1000}k`)
  const actions = (): FileAction[] => [
    ...EXPORT_FORMATS.map(({ format, label, inVR }) => ({
      id: `export-${format}`,
      label,
      inVR,
      run: () => void files.exportAs(format),
    })),
    {
      // Spark 2.2 (this app's renderer) reads spz 1-3; v4 is for Niantic's and PlayCanvas's tools.
      id: 'export-spz-version',
      label: `.spz version: ${choices.spzVersion === 3 ? '3 (Spark, default)' : '4 (ZSTD, smaller)'}`,
      inVR: false,
      run: () => {
        choices.spzVersion = choices.spzVersion === 3 ? 4 : 3
        app.setState({ fileActions: actions() })
      },
    },
    {
      id: 'export-area',
      label: `Export area: ${choices.area === 'around' ? 'around me' : 'everything explored'}`,
      // The headset's panel has no row left under the world tab (file-actions.ts): the choice is
      // made in the desktop menu, and the headset's exports follow it.
      inVR: false,
      run: () => {
        choices.area = EXPORT_AREAS[(EXPORT_AREAS.indexOf(choices.area) + 1) % EXPORT_AREAS.length]!
        app.setState({ fileActions: actions() })
      },
    },
    {
      id: 'export-size',
      label: `Export size: ${sizeLabel(choices.size)} splats`,
      inVR: false,
      run: () => {
        choices.size = EXPORT_SIZES[(EXPORT_SIZES.indexOf(choices.size) + 1) % EXPORT_SIZES.length]!
        app.setState({ fileActions: actions() })
      },
    },
    {
      id: 'import',
      label: 'Import splats or world…',
      inVR: false,
      run: () => pickFile((f) => void files.importFile(f)),
    },
    {
      id: 'copy-view-link',
      label: 'Copy link to this view',
      inVR: false,
      run: () => {
        const link = viewLink(location.href, session.world.prompt, viewpointOfPose(session.viewerPose))
        void copyText(link).then((copied) =>
          say(copied ? `copied a link to this view: ${link}` : `link to this view: ${link}`),
        )
      },
    },
  ]
  app.setState({ fileActions: actions(), importFile: (f: File) => void files.importFile(f) })
  return files
}
