import { isStyleLength, STYLE_DIM, STYLE_FEATURES } from '../style'
import type { WorldEdit } from './edit'

/** Where an edit is malformed: a field path relative to the edit, and what is wrong. */
export interface EditProblem {
  path: string
  message: string
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const FEATURES = new Set<string>(STYLE_FEATURES)

/**
 * Checks an edit from anywhere (the app, or a saved file): every number finite, radii positive,
 * styles complete and in [0, 1], seeds 16-bit integers. NaN would otherwise slip into the region
 * table and the model would render garbage with no error, so it is refused here, once.
 * Returns null for a well-formed edit.
 */
export function editProblem(edit: unknown): EditProblem | null {
  if (!isObj(edit)) return { path: '', message: 'edit must be an object' }
  const at = (path: string, message: string): EditProblem => ({ path, message })
  switch (edit.kind) {
    case 'undo':
    case 'redo':
      return null
    case 'create':
    case 'expand':
      return textProblem(edit, 'description') ?? regionProblem(edit.region, 'region')
    case 'remove':
      if (typeof edit.regionId !== 'string' || !edit.regionId) return at('regionId', 'must be a region id')
      return textProblem(edit, 'description')
    case 'place':
      return textProblem(edit, 'description') ?? placedAssetProblem(edit.asset, 'asset')
    case 'restyle': {
      const text = textProblem(edit, 'description')
      if (text) return text
      if (edit.scope === 'area') {
        const c = pointProblem(edit.center, 'center') ?? radiusProblem(edit.radius, 'radius')
        if (c) return c
      } else if (edit.scope !== 'world') return at('scope', 'must be "world" or "area"')
      return patchProblem(edit.set, 'set')
    }
    default:
      return at('kind', `unknown edit kind ${JSON.stringify(edit.kind)}`)
  }
}

/** Narrows after a successful check. */
export function isWorldEdit(edit: unknown): edit is WorldEdit {
  return editProblem(edit) === null
}

function textProblem(o: Obj, key: string): EditProblem | null {
  return typeof o[key] === 'string' ? null : { path: key, message: 'must be a string' }
}

function regionProblem(r: unknown, path: string): EditProblem | null {
  if (!isObj(r)) return { path, message: 'must be a region' }
  const p = pointProblem(r.center, `${path}.center`) ?? radiusProblem(r.radius, `${path}.radius`)
  if (p) return p
  if (!Number.isInteger(r.seed) || (r.seed as number) < 0 || (r.seed as number) >= 65536) {
    return { path: `${path}.seed`, message: 'must be an integer in [0, 65536)' }
  }
  const s = r.style
  if (!Array.isArray(s) || !isStyleLength(s.length)) {
    return { path: `${path}.style`, message: `must be ${STYLE_DIM} numbers` }
  }
  const bad = s.findIndex((v) => !unit(v))
  return bad < 0 ? null : { path: `${path}.style[${bad}]`, message: 'must be a number in [0, 1]' }
}

/** Longest asset id or file name kept in the log: ids are short; names are for labels. */
const MAX_NAME = 256

function placedAssetProblem(a: unknown, path: string): EditProblem | null {
  if (!isObj(a)) return { path, message: 'must be a placed asset' }
  for (const key of ['assetId', 'name'] as const) {
    const v = a[key]
    if (typeof v !== 'string' || v.length > MAX_NAME || (key === 'assetId' && !v))
      return { path: `${path}.${key}`, message: `must be a string of at most ${MAX_NAME} characters` }
  }
  if (!Number.isInteger(a.splats) || (a.splats as number) < 0)
    return { path: `${path}.splats`, message: 'must be a whole number >= 0' }
  return (
    vec3Problem(a.position, `${path}.position`) ??
    vec3Problem(a.anchor, `${path}.anchor`) ??
    finiteProblem(a.yaw, `${path}.yaw`) ??
    radiusProblem(a.scale, `${path}.scale`) ??
    radiusProblem(a.radius, `${path}.radius`)
  )
}

function vec3Problem(v: unknown, path: string): EditProblem | null {
  const ok = Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x))
  return ok ? null : { path, message: 'must be three finite numbers [x, y, z]' }
}

function finiteProblem(v: unknown, path: string): EditProblem | null {
  return typeof v === 'number' && Number.isFinite(v) ? null : { path, message: 'must be a finite number' }
}

function patchProblem(p: unknown, path: string): EditProblem | null {
  if (!isObj(p)) return { path, message: 'must be an object of style features' }
  const keys = Object.keys(p)
  if (keys.length === 0) return { path, message: 'changes no style feature' }
  for (const k of keys) {
    if (!FEATURES.has(k)) return { path: `${path}.${k}`, message: 'is not a style feature' }
    if (!unit(p[k])) return { path: `${path}.${k}`, message: 'must be a number in [0, 1]' }
  }
  return null
}

function pointProblem(v: unknown, path: string): EditProblem | null {
  const ok = Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x))
  return ok ? null : { path, message: 'must be two finite numbers [x, z]' }
}

function radiusProblem(v: unknown, path: string): EditProblem | null {
  const ok = typeof v === 'number' && Number.isFinite(v) && v > 0
  return ok ? null : { path, message: 'must be a finite number > 0' }
}

const unit = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1
