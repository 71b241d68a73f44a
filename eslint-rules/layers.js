// @ts-check
/**
 * Imports point one way, downwards. Each folder under src/ is a layer; a file may import only
 * from its own layer and the layers listed for it here. A relative import is resolved against the
 * importing file, so `../../app/x` from src/xr/sub/ is caught the same as `../app/x`.
 *
 *   app (composition root; main.tsx sits beside it)
 *    -> xr -> render -> ui              the headset, three/Spark drawing, plain stores + panel model
 *    -> storage, sources -> workers -> speech   (a worker entry hosts the frame model or speech)
 *    -> session                         the streaming session (pure)
 *    -> model                           the frame-model runtime
 *    -> core                            pure TypeScript, imports nothing from src/
 *   edge, cli: Node programs on core, model and session (cli also transcribes with speech, starts
 *   the edge client and writes Triton repositories: it may use speech, sources and edge, never
 *   app, xr, render or ui).
 */
import path from 'node:path'

/** @type {Record<string, readonly string[]>} layer -> layers it may import (besides itself) */
export const LAYERS = {
  core: [],
  model: ['core'],
  session: ['core', 'model'],
  speech: ['core', 'model', 'session'],
  // Worker entry points host what runs off the main thread: the frame model, file codecs, speech.
  workers: ['core', 'model', 'session', 'speech'],
  sources: ['core', 'model', 'workers'],
  storage: ['core', 'session'],
  ui: ['core', 'model', 'session', 'storage'],
  render: ['core', 'model', 'session', 'ui'],
  xr: ['core', 'model', 'session', 'ui', 'render'],
  app: ['core', 'model', 'session', 'workers', 'sources', 'speech', 'storage', 'ui', 'render', 'xr'],
  edge: ['core', 'model', 'session'],
  cli: ['core', 'model', 'session', 'speech', 'sources', 'edge'],
}

/**
 * Packages a pure layer must not reach for: it runs in the browser, a worker, the edge server and
 * the CLI alike, so no DOM/GPU/React/ORT/Node-only modules.
 */
const PURE_FORBIDDEN = [
  /^three($|\/)/,
  /^react($|-dom|\/)/,
  /^@react-three\//,
  /^@sparkjsdev\//,
  /^onnxruntime-/,
  /^zustand($|\/)/,
  /^comlink($|\/)/,
  /^ws$/,
  /^node:/,
]
const PURE = new Set(['core', 'session'])

/**
 * The layer of an absolute file path: its first folder under `src/`, or null outside src/ (tests,
 * scripts, shaders) and for files directly in src/ (main.tsx, the entry that may import anything).
 * @param {string} srcRoot
 * @param {string} file
 */
export function layerOf(srcRoot, file) {
  const rel = path.relative(srcRoot, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null
  const parts = rel.split(path.sep)
  return parts.length > 1 ? parts[0] : null
}

/** @type {import('eslint').Rule.RuleModule} */
export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports point one way between the folders of src/ (see eslint-rules/layers.js)' },
    schema: [{ type: 'object', properties: { srcRoot: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward:
        "src/{{from}} may not import src/{{to}} ('{{spec}}'): imports point one way ({{from}} may use {{allowed}}).",
      unknown: 'src/{{from}} is not a known layer: add it to LAYERS in eslint-rules/layers.js.',
      impure: "src/{{from}} is pure TypeScript and may not import '{{spec}}'.",
    },
  },
  create(context) {
    const srcRoot = context.options[0]?.srcRoot ?? path.join(context.cwd, 'src')
    const file = context.filename
    const from = layerOf(srcRoot, file)
    if (!from) return {}
    const allowed = LAYERS[from]
    /** @param {import('estree').Node} node @param {unknown} value */
    const check = (node, value) => {
      if (typeof value !== 'string') return
      if (!allowed) {
        context.report({ node, messageId: 'unknown', data: { from } })
        return
      }
      if (!value.startsWith('.')) {
        if (PURE.has(from) && PURE_FORBIDDEN.some((re) => re.test(value)))
          context.report({ node, messageId: 'impure', data: { from, spec: value } })
        return
      }
      const to = layerOf(srcRoot, path.resolve(path.dirname(file), value.split('?')[0] ?? value))
      if (!to || to === from || allowed.includes(to)) return
      context.report({
        node,
        messageId: 'upward',
        data: {
          from,
          to,
          spec: value,
          allowed: allowed.length ? allowed.join(', ') : 'nothing outside itself',
        },
      })
    }
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    }
  },
}

export default { rules: { layers: layersRule } }
