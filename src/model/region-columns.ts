/**
 * How many columns of the `regions` table a model reads. Style features are only ever appended
 * (core/style.ts), so a model exported before one was added declares a narrower table and is fed
 * the columns it knows; onnxruntime reports the declared shape, an adapter that cannot (Triton's)
 * is fed the full table.
 */
import { MODEL_INPUTS } from '../core/model-contract'
import { REGION_COLUMNS, REGION_HEADER } from '../core/region'
import { isStyleLength } from '../core/style'
import { ModelManifestError } from './errors'
import type { OrtSessionLike } from './ort-like'

export function regionColumnsOf(sessions: readonly (OrtSessionLike | null)[], model: string): number {
  let columns: number | null = null
  for (const session of sessions) {
    const meta = session?.inputMetadata?.find((m) => m.name === MODEL_INPUTS.regions)
    const declared = meta?.shape?.[1]
    if (typeof declared !== 'number') continue
    // isStyleLength admits only the current width and the legacy ones, all <= REGION_COLUMNS.
    if (!isStyleLength(declared - REGION_HEADER)) {
      throw new ModelManifestError(
        `${model}: "regions" has ${declared} columns; this build feeds ${REGION_COLUMNS} (or a table from before later style features)`,
      )
    }
    if (columns !== null && columns !== declared) {
      throw new ModelManifestError(
        `${model}: its stages declare "regions" with ${columns} and ${declared} columns`,
      )
    }
    columns = declared
  }
  return columns ?? REGION_COLUMNS
}
