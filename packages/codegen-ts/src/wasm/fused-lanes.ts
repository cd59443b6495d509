/**
 * A fused elementwise group of a float32 program in WebAssembly lanes: one function per group, built
 * when the class is generated and added to the class's kernel module (./module.ts `extra`). Each
 * element's operands are widened to float64 (exact), every member is evaluated in f64x2 lanes by its
 * map kernel record's `f64x2` form, and the result is narrowed to float32 once: the steps the
 * generated JavaScript loop takes (its `const` locals are doubles, the Float32Array store rounds), so
 * an element has the same bits whichever computed it (a NaN's payload aside) — the JavaScript loop
 * stays the fallback where WebAssembly SIMD is missing.
 *
 * The function takes each leaf (a byte address, or an f64 scalar), the output's byte address, and its
 * shape as `rows` rows of m elements; it writes all rows·m elements, four a step (two pairs), then a
 * row's last pair and last single element (whose second lane computes on a zero and is not stored).
 */
import { countedLoop, F64, I32, op, V128, type WasmFunction } from "./encode.ts";

/** What a lane form may ask of the function it is part of. */
export interface LaneContext {
  /** A fresh v128 local for an intermediate value. */
  readonly scratch: () => number;
  /** A v128 local holding x in both f64 lanes (set once, before the loop: a v128.const in the loop costs several instructions a use). */
  readonly f64: (x: number) => number;
  /** A v128 local holding the integer x in both i64 lanes (set once, before the loop). */
  readonly i64: (x: number) => number;
}

/** An op's lane form: the v128 (two f64 lanes) of its result, from the locals holding its operands' lanes. */
export type LaneCode = (args: readonly number[], ctx: LaneContext) => number[];

export interface FusedMember {
  readonly code: LaneCode;
  /** Operands: a leaf's index, or leaves.length + j for member j (an earlier one). */
  readonly args: readonly number[];
}

/**
 * A leaf: a float32 array read at the output's index, a float64 scalar, a row of m float32 read at
 * the output's column (a bias: the same row for every row of the output), or a column of one float32
 * per row (a row's mean or 1/σ).
 */
export type FusedLeaf = "array" | "scalar" | "row" | "column";

export interface FusedLaneSpec {
  readonly leaves: readonly FusedLeaf[];
  /** Members in evaluation order. */
  readonly members: readonly FusedMember[];
  /** The operand written (numbered as members' args are): the last member when absent. */
  readonly result?: number;
  /**
   * Reduce the rows instead of writing them: out is one row of m floats, and each row's value is
   * combined into it in row order, out[j] = combine(out[j], v[i][j]) rounded to float32 each time — the
   * generated reduction loop's steps (it loads and stores the Float32Array element per term).
   */
  readonly combine?: LaneCode;
  /**
   * Reduce each row instead (./row-reduce-lanes.ts): out is one float per row, and row i's value is
   * combined over its m elements in order in f64, starting from out[i], rounded to float32 at the end.
   */
  readonly combineRow?: LaneCode;
  /**
   * By leaf index, the array and row leaves holding one byte an element (a bool mask: its 0 and 1
   * widened to float64 exactly, as the JavaScript loop reads a Uint8Array); absent or false: float32.
   */
  readonly narrow?: readonly boolean[];
}

/** Whether leaf k of `spec` holds one byte an element. */
const isNarrow = (spec: FusedLaneSpec, k: number): boolean => spec.narrow?.[k] === true;

/**
 * The locals of a lane function with `params` parameters: i32 and v128 ones handed out in order, and
 * the lane context whose constants are set once in `prologue` (to run before the loop).
 */
export function laneLocals(params: number): { readonly locals: number[]; readonly i32: () => number; readonly v128: () => number; readonly ctx: LaneContext; readonly prologue: number[] } {
  const locals: number[] = [];
  const add = (type: number) => (): number => {
    locals.push(type);
    return params + locals.length - 1;
  };
  const v128 = add(V128);
  const prologue: number[] = [];
  const constants = new Map<string, number>();
  const constant = (key: string, value: number[]): number => {
    let l = constants.get(key);
    if (l === undefined) {
      l = v128();
      constants.set(key, l);
      prologue.push(...value, ...op.set(l));
    }
    return l;
  };
  const ctx: LaneContext = {
    scratch: v128,
    f64: (x) => constant(`f${Object.is(x, -0) ? "-0" : String(x)}`, op.f64x2Const(x)),
    i64: (x) => constant(`i${x}`, op.i64x2Const(x)),
  };
  return { locals, i32: add(I32), v128, ctx, prologue };
}

/**
 * One set of lanes for a group's values (`v128` hands out locals): a local per leaf (the caller fills
 * them) and per member, the members' code in evaluation order, and the local holding the result.
 */
export function memberCode(name: string, spec: FusedLaneSpec, v128: () => number, ctx: LaneContext): { readonly leafLane: readonly number[]; readonly members: readonly number[]; readonly result: number } {
  const { leaves, members } = spec;
  const leafLane = leaves.map(() => v128());
  const memberLane = members.map(() => v128());
  const lane = (a: number): number => (a < leaves.length ? leafLane[a]! : memberLane[a - leaves.length]!);
  const code: number[] = [];
  members.forEach((m, j) => {
    if (m.args.some((a) => a >= leaves.length + j)) throw new Error(`wasm ${name}: member ${j} reads a later member`);
    code.push(...m.code(m.args.map(lane), ctx), ...op.set(memberLane[j]!));
  });
  return { leafLane, members: code, result: lane(spec.result ?? leaves.length + members.length - 1) };
}

export function fusedLaneKernel(name: string, spec: FusedLaneSpec): WasmFunction {
  if (spec.combineRow !== undefined) throw new Error(`wasm ${name}: a row reduction is rowReduceLaneKernel's (./row-reduce-lanes.ts)`);
  const { leaves } = spec;
  if (leaves.some((l, k) => isNarrow(spec, k) && l !== "array" && l !== "row")) throw new Error(`wasm ${name}: only array and row leaves may hold bytes`);
  const [OUT, ROWS, M] = [leaves.length, leaves.length + 1, leaves.length + 2];
  const params = [...leaves.map((l) => (l === "scalar" ? F64 : I32)), I32, I32, I32];
  const { locals, i32, v128, ctx, prologue } = laneLocals(params.length);
  // O: the row's byte offset; J: the element's within the row; I: the row's index · 4 (a column's element).
  const [O, J, I, QUADS, ROW_BYTES, ALL_ROWS] = [i32(), i32(), i32(), i32(), i32(), i32()];
  /** Pushes the float32 byte offset of an array (O + J) or a row (J) leaf's element, `delta` bytes on. */
  const offset = (l: FusedLeaf, delta: number): number[] => [...op.get(J), ...(l === "array" ? [...op.get(O), ...op.add] : []), ...(delta === 0 ? [] : [...op.i32(delta), ...op.add])];
  /** Adds that offset to the address on the stack; a one-byte leaf's is a quarter of it (a multiple of 4 over 4). */
  const at = (l: FusedLeaf, delta: number): number[] => [...offset(l, delta), ...op.add];
  const narrowAt = (l: FusedLeaf, delta: number): number[] => [...offset(l, delta), ...op.i32(2), ...op.shrU, ...op.add];
  /** Two bytes (or one, splatted) → i16 → i32 lanes → f64x2 lanes 0–1: the bool values as float64. */
  const narrowLoad = (two: boolean): number[] => [...(two ? op.load16Splat(0) : op.load8Splat(0)), ...op.i16x8ExtendLowI8x16U, ...op.i32x4ExtendLowI16x8U, ...op.f64x2ConvertLowI32x4U];
  const leafLoad = (k: number, l: FusedLeaf, two: boolean, delta: number): number[] =>
    isNarrow(spec, k) ? [...op.get(k), ...narrowAt(l, delta), ...narrowLoad(two)] : [...op.get(k), ...at(l, delta), ...(two ? op.v128Load64Zero(0) : op.v128Load32Zero(0)), ...op.f64x2PromoteLow];
  /**
   * One element pair's code, in locals of its own: loads of the array and row leaves (two elements,
   * or one), the members, the store. Two sets evaluate two pairs a step with no dependence between
   * them, which the processor overlaps.
   */
  const laneSet = (): { evaluate: (two: boolean, delta: number) => number[]; splat: number[] } => {
    const { leafLane, members: evaluateMembers, result } = memberCode(name, spec, v128, ctx);
    const load = (two: boolean): number[] => (two ? op.v128Load64Zero(0) : op.v128Load32Zero(0));
    const store = (two: boolean): number[] => (two ? op.v128Store64Lane0(0) : op.v128Store32Lane0(0));
    const acc = spec.combine === undefined ? -1 : v128();
    // Built here, before the prologue is assembled: its constants must be in it.
    const combined = spec.combine === undefined ? [] : spec.combine([acc, result], ctx);
    const write = (two: boolean, delta: number): number[] =>
      spec.combine === undefined
        ? [...op.get(OUT), ...at("array", delta), ...op.get(result), ...op.f32x4DemoteZero, ...store(two)]
        : [...op.get(OUT), ...at("row", delta), ...op.get(OUT), ...at("row", delta), ...load(two), ...op.f64x2PromoteLow, ...op.set(acc), ...combined, ...op.f32x4DemoteZero, ...store(two)];
    const evaluate = (two: boolean, delta: number): number[] => [
      ...leaves.flatMap((l, k) => (l === "array" || l === "row" ? [...leafLoad(k, l, two, delta), ...op.set(leafLane[k]!)] : [])),
      ...evaluateMembers,
      ...write(two, delta),
    ];
    // Scalars once; a column's element once a row.
    const splat = leaves.flatMap((l, k) => (l === "scalar" ? [...op.get(k), ...op.f64x2Splat, ...op.set(leafLane[k]!)] : []));
    const column = leaves.flatMap((l, k) => (l === "column" ? [...op.get(k), ...op.get(I), ...op.add, ...op.f32Load(0), ...op.f64PromoteF32, ...op.f64x2Splat, ...op.set(leafLane[k]!)] : []));
    columnLoads.push(...column);
    return { evaluate, splat };
  };
  const columnLoads: number[] = [];
  const [a, b] = [laneSet(), laneSet()];
  const body = [
    ...prologue,
    ...a.splat, ...b.splat,
    ...op.get(M), ...op.i32(4), ...op.mul, ...op.set(ROW_BYTES),
    ...op.get(M), ...op.i32(-4), ...op.and, ...op.i32(4), ...op.mul, ...op.set(QUADS),
    ...op.get(ROWS), ...op.i32(4), ...op.mul, ...op.set(ALL_ROWS),
    ...op.i32(0), ...op.set(O),
    ...countedLoop(I, ALL_ROWS, 4, [
      ...columnLoads,
      ...countedLoop(J, QUADS, 16, [...a.evaluate(true, 0), ...b.evaluate(true, 8)]),
      ...op.get(M), ...op.i32(2), ...op.and, ...op.ifVoid,
      ...a.evaluate(true, 0),
      ...op.get(J), ...op.i32(8), ...op.add, ...op.set(J),
      ...op.end,
      ...op.get(M), ...op.i32(1), ...op.and, ...op.ifVoid,
      ...a.evaluate(false, 0),
      ...op.end,
      ...op.get(O), ...op.get(ROW_BYTES), ...op.add, ...op.set(O),
    ]),
  ];
  return { name, params, locals, body };
}

/**
 * An estimate of a fused group's one-thread time: ns per element and member (or leaf), from the
 * transformer's gelu backward group (10 members, 7 leaves: 0.47 ms for 131,072 elements, 0.21 ns an
 * element and op; docs/performance.md).
 */
const NS_PER_OP = 0.25;
/** Members per array (read or written) a group needs to be cut: the gelu backward group has 10 for 5 arrays. */
const COMPUTE_BOUND = 2;

/**
 * How the class's simdCall may cut a call of the group's function (leaves…, out, rows, m) over the
 * threads, or null where it cannot: by rows (each row's elements depend on that row alone; a column
 * leaf steps one float a row, a row leaf stays), or — a single row (`flat`), nothing reduced — by
 * elements, four at a time. A reduction into one row (`combine`) adds every row into it in order, and a
 * single row reduced (`combineRow`) is one value: neither can be cut. Nor is a group of fewer than
 * COMPUTE_BOUND members an array it reads or writes: its time is memory traffic, which a second core
 * does not shorten (the CNN's bias + relu over 173,056 elements took 145 µs a call cut, its step 7 %
 * longer). `m`: the row length's expression.
 */
export function cutSteps(spec: FusedLaneSpec, flat: boolean, m: string): { readonly at: number; readonly align: number; readonly steps: readonly string[]; readonly nsPerElement: number } | null {
  if (spec.combine !== undefined || (flat && spec.combineRow !== undefined)) return null;
  const arrays = spec.leaves.filter((l) => l === "array").length + 1;
  if (spec.members.length < COMPUTE_BOUND * arrays) return null;
  const nsPerElement = NS_PER_OP * (spec.members.length + spec.leaves.length);
  const L = spec.leaves.length;
  // A one-byte leaf steps a quarter of a float32 leaf's bytes.
  const bytes = (k: number): string => (isNarrow(spec, k) ? "1" : "4");
  if (flat) {
    const step = (l: FusedLeaf, k: number): string => (l === "array" || l === "row" ? bytes(k) : "0");
    return { at: L + 2, align: 4, steps: [...spec.leaves.map(step), "4", "0", "0"], nsPerElement };
  }
  const row = `4 * ${m}`;
  const step = (l: FusedLeaf, k: number): string => (l === "array" ? (isNarrow(spec, k) ? m : row) : l === "column" ? "4" : "0");
  return { at: L + 1, align: 1, steps: [...spec.leaves.map(step), spec.combineRow === undefined ? row : "4", "0", "0"], nsPerElement };
}

/** Lane forms of the plain arithmetic ops (a binary f64x2 instruction on the two operands). */
export const binaryLanes = (instr: readonly number[]): LaneCode => (a) => [...op.get(a[0]!), ...op.get(a[1]!), ...instr];
export const unaryLanes = (instr: readonly number[]): LaneCode => (a) => [...op.get(a[0]!), ...instr];

/** `(x ∘ y ? 1 : 0)`: the comparison's all-ones mask ANDed with 1.0 (NaN compares false, ≠ true, as in JavaScript). */
export const compareLanes = (cmp: readonly number[]): LaneCode => (a, c) => [...op.get(c.f64(1)), ...op.get(a[0]!), ...op.get(a[1]!), ...cmp, ...op.v128And];

/** `(c !== 0 ? x : y)` (NaN ≠ 0 picks x, as in JavaScript). */
export const whereLanes: LaneCode = (a, c) => [...op.get(a[1]!), ...op.get(a[2]!), ...op.get(a[0]!), ...op.get(c.f64(0)), ...op.f64x2Ne, ...op.v128Bitselect];

/** `(x > 0 ? x : 0)`: NaN and −0 give +0, as in JavaScript. */
export const reluLanes: LaneCode = (a, c) => [...op.get(a[0]!), ...op.get(a[0]!), ...op.get(c.f64(0)), ...op.f64x2Gt, ...op.v128And];
