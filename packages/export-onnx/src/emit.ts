/**
 * The ONNX graph under construction: nodes, initializers, graph inputs and outputs, and the
 * `OnnxEmit` the op rules build with. Value names are unique: generated names carry a `#`, which no
 * nnc id or output name contains, and every name is checked against those already taken.
 */
import { dimToString, isConcrete, isFloat, type Dim, type TensorType } from "@nnc/ir";
import type { OnnxAttrs, OnnxDType, OnnxEmit } from "./contract.ts";
import { ONNX_OPSET } from "./api.ts";

export interface OnnxNodeRec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: OnnxAttrs;
}

export interface OnnxInitRec {
  readonly name: string;
  readonly dtype: OnnxDType;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number>;
}

/** A graph input or output: symbolic dims become dim_param (their text, "B"). */
export interface OnnxIoRec {
  readonly name: string;
  readonly dtype: OnnxDType;
  readonly shape: readonly Dim[];
}

/** A dim no graph input carries at a single axis: the rule using it cannot be exported. */
export class DimUnavailable extends Error {}

/** Where a symbol's run-time value can be read: `axis` of the graph input `input`. */
interface SymbolSource {
  readonly input: OnnxIoRec;
  readonly axis: number;
}

export class OnnxBuilder implements OnnxEmit {
  readonly nodes: OnnxNodeRec[] = [];
  readonly initializers: OnnxInitRec[] = [];
  readonly inputs: OnnxIoRec[] = [];
  readonly outputs: OnnxIoRec[] = [];
  readonly opset = ONNX_OPSET;
  private readonly taken = new Set<string>();
  private readonly consts = new Map<string, string>();
  private readonly dims = new Map<string, string>();
  private readonly symbols = new Map<string, SymbolSource>();
  private counter = 0;
  /** The IR node being translated: generated names start with its id (`h:Gemm#3`), for readable graphs. */
  scope = "";

  constructor(
    readonly float: OnnxDType,
    readonly training: boolean,
  ) {}

  /** Marks `name` as used (graph input, initializer or output names chosen by the caller). */
  reserve(name: string): string {
    if (this.taken.has(name)) throw new Error(`ONNX value name '${name}' is used twice`);
    this.taken.add(name);
    return name;
  }

  fresh(hint: string): string {
    let name: string;
    const prefix = this.scope === "" ? "" : `${this.scope}:`;
    do name = `${prefix}${hint}#${this.counter++}`;
    while (this.taken.has(name));
    return this.reserve(name);
  }

  node(opType: string, inputs: readonly string[], attrs: OnnxAttrs = {}, outputs = 1): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(opType));
    this.nodes.push({ opType, inputs, outputs: outs, attrs });
    return outs;
  }

  op(opType: string, inputs: readonly string[], attrs?: OnnxAttrs): string {
    return this.node(opType, inputs, attrs)[0]!;
  }

  /** A named initializer (a param's value, an optimizer state's zeros). */
  initializer(name: string, dtype: OnnxDType, dims: readonly number[], data: ArrayLike<number>): string {
    if (!this.taken.has(name)) this.reserve(name);
    this.initializers.push({ name, dtype, dims, data });
    return name;
  }

  constant(dtype: OnnxDType, shape: readonly number[], values: readonly number[]): string {
    const key = `${dtype}|${shape.join(",")}|${values.join(",")}`;
    const cached = values.length <= 16 ? this.consts.get(key) : undefined;
    if (cached !== undefined) return cached;
    const name = this.initializer(this.fresh("const"), dtype, shape, values);
    if (values.length <= 16) this.consts.set(key, name);
    return name;
  }

  scalar(dtype: OnnxDType, value: number): string {
    return this.constant(dtype, [], [value]);
  }

  ints(values: readonly number[]): string {
    return this.constant("i64", [values.length], values);
  }

  /** A graph input; symbols sitting alone on an axis become readable by `dim`. */
  input(name: string, dtype: OnnxDType, shape: readonly Dim[]): string {
    if (this.inputs.some((i) => i.name === name)) return name;
    const rec = { name, dtype, shape };
    if (!this.taken.has(name)) this.reserve(name);
    this.inputs.push(rec);
    this.offerSymbols(rec);
    return name;
  }

  /**
   * A graph input not declared yet: its symbols can be read by `dim`, and it is declared only when
   * one is (so a pruned model input still supplies the batch size if nothing else does).
   */
  offerSymbols(rec: OnnxIoRec): void {
    rec.shape.forEach((d, axis) => {
      if (isConcrete(d) || d.terms.length !== 1 || d.terms[0]!.coef !== 1 || d.terms[0]!.syms.length !== 1) return;
      const s = d.terms[0]!.syms[0]!;
      if (!this.symbols.has(s)) this.symbols.set(s, { input: rec, axis });
    });
  }

  /** A graph output: `value` under the name `name` (through an Identity when the names differ). */
  output(name: string, value: string, dtype: OnnxDType, shape: readonly Dim[]): void {
    if (name !== value) {
      this.reserve(name);
      this.nodes.push({ opType: "Identity", inputs: [value], outputs: [name], attrs: {} });
    }
    this.outputs.push({ name, dtype, shape });
  }

  dtypeOf(t: TensorType): OnnxDType {
    return isFloat(t.dtype) ? this.float : t.dtype === "i32" ? "i32" : "bool";
  }

  /** Σ coef·Πsyms, each symbol read once from its input's shape (Shape with start/end, opset ≥ 15). */
  dim(d: Dim): string {
    if (isConcrete(d)) return this.ints([d]);
    const key = dimToString(d);
    const cached = this.dims.get(key);
    if (cached !== undefined) return cached;
    let total: string | undefined;
    for (const t of d.terms) {
      let term: string | undefined = t.coef === 1 && t.syms.length > 0 ? undefined : this.ints([t.coef]);
      for (const s of t.syms) {
        const v = this.symbol(s);
        term = term === undefined ? v : this.op("Mul", [term, v]);
      }
      total = total === undefined ? term! : this.op("Add", [total, term!]);
    }
    this.dims.set(key, total!);
    return total!;
  }

  shape(dims: readonly Dim[]): string {
    if (dims.every(isConcrete)) return this.ints(dims);
    const key = `shape:${dims.map(dimToString).join(",")}`;
    const cached = this.dims.get(key);
    if (cached !== undefined) return cached;
    const parts: string[] = [];
    let run: number[] = [];
    for (const d of dims) {
      if (isConcrete(d)) run.push(d);
      else {
        if (run.length > 0) parts.push(this.ints(run));
        run = [];
        parts.push(this.dim(d));
      }
    }
    if (run.length > 0) parts.push(this.ints(run));
    const out = parts.length === 1 ? parts[0]! : this.op("Concat", parts, { axis: { i: 0 } });
    this.dims.set(key, out);
    return out;
  }

  private symbol(s: string): string {
    const key = `sym:${s}`;
    const cached = this.dims.get(key);
    if (cached !== undefined) return cached;
    const src = this.symbols.get(s);
    if (src === undefined) throw new DimUnavailable(`no graph input has the dim '${s}' on an axis of its own, so its run-time size is unknown`);
    this.input(src.input.name, src.input.dtype, src.input.shape);
    const v = this.op("Shape", [src.input.name], { start: { i: src.axis }, end: { i: src.axis + 1 } });
    this.dims.set(key, v);
    return v;
  }
}
