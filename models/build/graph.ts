/**
 * A small typed ONNX graph builder over onnx-proto. Every op is a method that returns the new
 * value, names are generated from a counter, and constants are deduplicated, so the same build
 * code always serialises to the same bytes (`npm run models:build` must be byte-identical).
 *
 * Targets IR 8 / opset 17: the newest pair onnx-proto's schema (ONNX 1.10 protos) can express
 * and both onnxruntime-node and onnxruntime-web 1.30 run (GridSample-16 is in it).
 */
import onnxProto from 'onnx-proto'
import type { onnx as ox } from 'onnx-proto'

const { onnx } = onnxProto

export const IR_VERSION = 8
export const OPSET = 17

/** A tensor in the graph, by name. */
export class Value {
  constructor(readonly name: string) {}
}

export type Dim = number | string
type AttrValue =
  number | number[] | string | { float: number } | { floats: number[] } | { graph: ox.IGraphProto }

const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT64 = onnx.TensorProto.DataType.INT64
const BOOL = onnx.TensorProto.DataType.BOOL

function floatBytes(data: ArrayLike<number>): Uint8Array {
  const f = Float32Array.from(data)
  return new Uint8Array(f.buffer, f.byteOffset, f.byteLength)
}

function int64Bytes(data: ArrayLike<number>): Uint8Array {
  const b = new BigInt64Array(data.length)
  for (let i = 0; i < data.length; i++) b[i] = BigInt(data[i]!)
  return new Uint8Array(b.buffer)
}

function valueInfo(name: string, dims: readonly Dim[], elemType = FLOAT): ox.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

function attribute(name: string, v: AttrValue): ox.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) }
  if (typeof v === 'number') return { name, type: T.INT, i: v }
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v }
  if ('float' in v) return { name, type: T.FLOAT, f: v.float }
  if ('graph' in v) return { name, type: T.GRAPH, g: v.graph }
  return { name, type: T.FLOATS, floats: v.floats }
}

/** A Loop body's view of one iteration: its index (int64 scalar) and the carried values. */
export interface LoopStep {
  index: Value
  carried: Value[]
}

export class GraphBuilder {
  /** Where ops go: the main graph's node list, or a Loop body's while one is being built. */
  private nodes: ox.INodeProto[] = []
  private readonly initializers: ox.ITensorProto[] = []
  private readonly inputs: ox.IValueInfoProto[] = []
  private readonly outputs: ox.IValueInfoProto[] = []
  private readonly constCache = new Map<string, Value>()
  private counter = 0

  constructor(readonly graphName: string) {}

  private fresh(hint: string): string {
    return `${hint}_${this.counter++}`
  }

  input(name: string, dims: readonly Dim[]): Value {
    this.inputs.push(valueInfo(name, dims))
    return new Value(name)
  }

  output(v: Value, name: string, dims: readonly Dim[]): void {
    this.nodes.push({ opType: 'Identity', input: [v.name], output: [name], name: this.fresh('out') })
    this.outputs.push(valueInfo(name, dims))
  }

  /** A float32 initializer; identical data and shape give the same value. */
  constant(data: ArrayLike<number>, dims: readonly number[]): Value {
    const bytes = floatBytes(data)
    const key = `f:${dims.join(',')}:${Buffer.from(bytes).toString('base64')}`
    const hit = this.constCache.get(key)
    if (hit) return hit
    const name = this.fresh('c')
    this.initializers.push({ name, dims: [...dims], dataType: FLOAT, rawData: bytes })
    const v = new Value(name)
    this.constCache.set(key, v)
    return v
  }

  /** A rank-0 float constant. */
  s(x: number): Value {
    return this.constant([x], [])
  }

  /** An int64 initializer (shapes, axes, indices). */
  ints(data: readonly number[]): Value {
    const key = `i:${data.join(',')}`
    const hit = this.constCache.get(key)
    if (hit) return hit
    const name = this.fresh('i')
    this.initializers.push({ name, dims: [data.length], dataType: INT64, rawData: int64Bytes(data) })
    const v = new Value(name)
    this.constCache.set(key, v)
    return v
  }

  /** Any op with n outputs; the empty string stands for an omitted optional input. */
  opN(type: string, inputs: readonly (Value | '')[], attrs: Record<string, AttrValue> = {}, n = 1): Value[] {
    const outs = Array.from({ length: n }, () => this.fresh(type.toLowerCase()))
    this.nodes.push({
      opType: type,
      name: this.fresh(`n_${type}`),
      input: inputs.map((v) => (v === '' ? '' : v.name)),
      output: outs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    })
    return outs.map((o) => new Value(o))
  }

  op(type: string, inputs: readonly (Value | '')[], attrs: Record<string, AttrValue> = {}): Value {
    return this.opN(type, inputs, attrs, 1)[0]!
  }

  private lift(x: Value | number): Value {
    return typeof x === 'number' ? this.s(x) : x
  }

  add(a: Value | number, b: Value | number): Value {
    return this.op('Add', [this.lift(a), this.lift(b)])
  }
  sub(a: Value | number, b: Value | number): Value {
    return this.op('Sub', [this.lift(a), this.lift(b)])
  }
  mul(a: Value | number, b: Value | number): Value {
    return this.op('Mul', [this.lift(a), this.lift(b)])
  }
  div(a: Value | number, b: Value | number): Value {
    return this.op('Div', [this.lift(a), this.lift(b)])
  }
  min(a: Value | number, b: Value | number): Value {
    return this.op('Min', [this.lift(a), this.lift(b)])
  }
  max(a: Value | number, b: Value | number): Value {
    return this.op('Max', [this.lift(a), this.lift(b)])
  }
  pow(a: Value, b: Value | number): Value {
    return this.op('Pow', [a, this.lift(b)])
  }
  /** a * b + c */
  fma(a: Value, b: Value | number, c: Value | number): Value {
    return this.add(this.mul(a, b), c)
  }
  /** a + (b - a) * t */
  lerp(a: Value | number, b: Value | number, t: Value | number): Value {
    if (typeof a === 'number' && typeof b === 'number' && typeof t !== 'number')
      return this.add(this.mul(t, b - a), a)
    return this.add(a, this.mul(this.sub(b, a), t))
  }
  clip(x: Value, lo: number, hi: number): Value {
    return this.op('Clip', [x, this.s(lo), this.s(hi)])
  }
  sat(x: Value): Value {
    return this.clip(x, 0, 1)
  }
  /** Linear ramp from 0 at `a` to 1 at `b`, clamped (cheaper than smoothstep, often enough). */
  ramp(x: Value, a: number, b: number): Value {
    return this.sat(this.fma(x, 1 / (b - a), -a / (b - a)))
  }
  /** Hermite smoothstep from `a` to `b`. */
  smoothstep(x: Value, a: number, b: number): Value {
    const t = this.ramp(x, a, b)
    return this.mul(this.mul(t, t), this.fma(t, -2, 3))
  }
  unary(
    type:
      | 'Abs'
      | 'Sqrt'
      | 'Exp'
      | 'Log'
      | 'Floor'
      | 'Neg'
      | 'Relu'
      | 'Sin'
      | 'Cos'
      | 'Sigmoid'
      | 'Tanh'
      | 'Reciprocal'
      | 'Sign',
    x: Value,
  ): Value {
    return this.op(type, [x])
  }
  abs(x: Value): Value {
    return this.op('Abs', [x])
  }
  sqrt(x: Value): Value {
    return this.op('Sqrt', [x])
  }
  exp(x: Value): Value {
    return this.op('Exp', [x])
  }
  relu(x: Value): Value {
    return this.op('Relu', [x])
  }
  floor(x: Value): Value {
    return this.op('Floor', [x])
  }
  /** x - floor(x) */
  fract(x: Value): Value {
    return this.sub(x, this.floor(x))
  }
  where(cond: Value, a: Value | number, b: Value | number): Value {
    return this.op('Where', [cond, this.lift(a), this.lift(b)])
  }
  less(a: Value | number, b: Value | number): Value {
    return this.op('Less', [this.lift(a), this.lift(b)])
  }
  greater(a: Value | number, b: Value | number): Value {
    return this.op('Greater', [this.lift(a), this.lift(b)])
  }
  reshape(x: Value, shape: readonly number[]): Value {
    return this.op('Reshape', [x, this.ints(shape)])
  }
  concat(xs: readonly Value[], axis: number): Value {
    return this.op('Concat', xs, { axis })
  }
  split(x: Value, axis: number, sizes: readonly number[]): Value[] {
    return this.opN('Split', [x, this.ints(sizes)], { axis }, sizes.length)
  }
  slice(x: Value, starts: readonly number[], ends: readonly number[], axes: readonly number[]): Value {
    return this.op('Slice', [x, this.ints(starts), this.ints(ends), this.ints(axes)])
  }
  transpose(x: Value, perm: readonly number[]): Value {
    return this.op('Transpose', [x], { perm: [...perm] })
  }
  matmul(a: Value, b: Value): Value {
    return this.op('MatMul', [a, b])
  }
  reduceSum(x: Value, axes: readonly number[], keepdims = 1): Value {
    return this.op('ReduceSum', [x, this.ints(axes)], { keepdims })
  }
  /** GridSample-16: field [N,C,Hi,Wi], grid [N,Ho,Wo,2] in [-1,1] (x then y) -> [N,C,Ho,Wo]. */
  gridSample(
    field: Value,
    grid: Value,
    mode: 'bilinear' | 'bicubic' | 'nearest' = 'bilinear',
    padding: 'border' | 'zeros' | 'reflection' = 'border',
    alignCorners = 1,
  ): Value {
    return this.op('GridSample', [field, grid], { mode, padding_mode: padding, align_corners: alignCorners })
  }

  /**
   * An ONNX Loop of `trips` iterations over `carried` values; `body` builds one iteration from
   * the index and the carried values and returns their next values (same count). The body reads
   * any value of the enclosing graph by name. Why: ORT's session creation grows faster than
   * linearly with the node count (its allocation planner took 3.4 s of 3.6 s on 4,094 nodes), and
   * an unrolled march is most of the nodes. `trips` may be a computed int64 scalar: 0 skips the
   * body (and its cost) altogether, the carried values passing through as they were.
   */
  loop(trips: number | Value, carried: readonly Value[], body: (step: LoopStep) => Value[]): Value[] {
    const outer = this.nodes
    const bodyNodes: ox.INodeProto[] = []
    this.nodes = bodyNodes
    const index = new Value(this.fresh('iter'))
    const condIn = new Value(this.fresh('cond_in'))
    const carriedIn = carried.map(() => new Value(this.fresh('carried_in')))
    let next: Value[]
    try {
      next = body({ index, carried: carriedIn })
    } finally {
      this.nodes = outer
    }
    if (next.length !== carried.length) throw new Error('loop body must return one value per carried value')
    const condOut = this.fresh('cond_out')
    bodyNodes.push({
      opType: 'Identity',
      input: [condIn.name],
      output: [condOut],
      name: this.fresh('n_Identity'),
    })
    // Body outputs must be values the body produces: pass through any carried value left as it was.
    const outs = next.map((v) => {
      const name = this.fresh('carried_out')
      bodyNodes.push({ opType: 'Identity', input: [v.name], output: [name], name: this.fresh('n_Identity') })
      return name
    })
    const untyped = (name: string, elemType: number): ox.IValueInfoProto => ({
      name,
      type: { tensorType: { elemType } },
    })
    const graph: ox.IGraphProto = {
      name: this.fresh('loop_body'),
      node: bodyNodes,
      input: [
        valueInfo(index.name, [], INT64),
        valueInfo(condIn.name, [], BOOL),
        ...carriedIn.map((v) => untyped(v.name, FLOAT)),
      ],
      output: [valueInfo(condOut, [], BOOL), ...outs.map((name) => untyped(name, FLOAT))],
    }
    const count = typeof trips === 'number' ? this.int0(trips) : trips
    return this.opN('Loop', [count, '', ...carried], { body: { graph } }, carried.length)
  }

  /** A rank-0 int64 initializer (a Loop's trip count, arithmetic on its index). */
  int0(n: number): Value {
    const key = `i0:${n}`
    const hit = this.constCache.get(key)
    if (hit) return hit
    const name = this.fresh('i')
    this.initializers.push({ name, dims: [], dataType: INT64, rawData: int64Bytes([n]) })
    const v = new Value(name)
    this.constCache.set(key, v)
    return v
  }

  /** Serialises the model. `docString` and `metadata` travel inside the .onnx. */
  toBytes(opts: {
    producerVersion: string
    docString: string
    metadata?: Record<string, string>
  }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'worldwalk-models-build',
      producerVersion: opts.producerVersion,
      docString: opts.docString,
      opsetImport: [{ domain: '', version: OPSET }],
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    })
    return onnx.ModelProto.encode(model).finish()
  }

  get nodeCount(): number {
    return this.nodes.length
  }
}
