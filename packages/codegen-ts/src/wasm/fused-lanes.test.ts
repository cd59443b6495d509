/**
 * Fused groups in WebAssembly lanes (./fused-lanes.ts, ./exp-lanes.ts): every map kernel record's
 * `f64x2` form gives each element the bits its own `expr` gives in the generated float32 loop (a
 * float64 expression stored into a Float32Array), on special values and random ones; groups of several
 * members over array, scalar, row and column leaves (float32, or bool bytes) equal their JavaScript
 * loop for odd and even row lengths; and exp's lanes equal the exp32 helper in float64, bit for bit,
 * over its whole range.
 */
import { runInThisContext } from "node:vm";
import type { Node } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { exp32Helper } from "../helpers/exp32.ts";
import { MAP_KERNELS } from "../kernels/map.ts";
import type { MapKernel } from "../kernel-types.ts";
import { countedLoop, encodeModule, I32, op, type WasmFunction } from "./encode.ts";
import { expLanes } from "./exp-lanes.ts";
import { rowReduceLaneKernel } from "./row-reduce-lanes.ts";
import { fusedLaneKernel, laneLocals, type FusedLaneSpec, type FusedLeaf } from "./fused-lanes.ts";

const RECORDS: Readonly<Record<string, MapKernel>> = MAP_KERNELS;
const LANE_RECORDS = Object.entries(RECORDS).flatMap(([name, k]) => (k.f64x2 === undefined ? [] : [{ name, record: k }]));

/** exp32 and its table, as a generated float32 class has them. */
const H = runInThisContext(`(class H {\n${exp32Helper({ ts: false, F: "Float32Array" })}\n})`) as { exp32: (x: number) => number };

/** How many operands the record's expr reads. */
const arity = (name: string): number => {
  const e = RECORDS[name]!.expr(["ARG0", "ARG1", "ARG2"], nodeOf(name, 3), [], () => "H.exp32");
  return e.includes("ARG2") ? 3 : e.includes("ARG1") ? 2 : 1;
};
function nodeOf(name: string, inputs: number): Node {
  return { id: "out", op: name, inputs: ["a", "b", "c"].slice(0, inputs), attrs: {}, type: { dtype: "f32", shape: [] } };
}

/** The record's JavaScript element expression, compiled: what the generated loop computes before the store rounds it. */
function jsElement(name: string, n: number): (...xs: number[]) => number {
  const args = ["a", "b", "c"].slice(0, n);
  const expr = RECORDS[name]!.expr(args, nodeOf(name, n), [], () => "H.exp32");
  const make = runInThisContext(`((H) => (${args.join(", ")}) => ${expr})`) as (h: typeof H) => (...xs: number[]) => number;
  return make(H);
}

interface Wasm {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/** A module of `fns` on a fresh memory of `pages` pages. */
function instantiate(fns: readonly WasmFunction[], pages = 16): { exports: Record<string, (...a: number[]) => void>; memory: { buffer: ArrayBuffer } } {
  const memory = new wasm.Memory({ initial: pages });
  const instance = new wasm.Instance(new wasm.Module(encodeModule(fns)), { env: { memory } });
  return { exports: instance.exports as Record<string, (...a: number[]) => void>, memory };
}

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3.4e38, -3.4e38, 1e-45, -1e-45, 1.17549435e-38, Infinity, -Infinity, NaN, 87.5, -103.9, 88.8, 710, -745, 1e30, 7, 1e-10];

/** f32 values: the special ones in every pairing, then seeded random ones of several magnitudes. */
function values(count: number, seed: number): Float32Array {
  const v = new Float32Array(count);
  let s = seed;
  const rnd = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < count; i++) v[i] = i < SPECIAL.length * 3 ? SPECIAL[(i * (seed + 1)) % SPECIAL.length]! : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 6 - 2);
  return v;
}

/**
 * A reduction test's operands in `memory`, at unaligned offsets: x (rows × m, filled), a row r of m and
 * a column c of rows (filled), and out of `outLength` floats.
 */
function reductionOperands(memory: { buffer: ArrayBuffer }, rows: number, m: number, outLength: number, seed: number): { x: Float32Array; r: Float32Array; c: Float32Array; out: Float32Array } {
  const x = new Float32Array(memory.buffer, 4, rows * m);
  const r = new Float32Array(memory.buffer, 64 * 1024, m);
  const c = new Float32Array(memory.buffer, 96 * 1024 + 4, rows);
  const out = new Float32Array(memory.buffer, 128 * 1024 + 8, outLength);
  x.set(values(rows * m, seed));
  r.set(values(m, seed + 1));
  c.set(values(rows, seed + 2));
  return { x, r, c, out };
}

describe("fused groups in WebAssembly lanes", () => {
  it("every record's f64x2 form gives the bits of its own expr stored in float32", () => {
    expect(LANE_RECORDS.map((r) => r.name)).toEqual(expect.arrayContaining(["add", "sub", "mul", "div", "exp", "neg", "relu", "where", "gt", "maximum"]));
    for (const { name, record } of LANE_RECORDS) {
      const n = arity(name);
      const spec: FusedLaneSpec = { leaves: Array<FusedLeaf>(n).fill("array"), members: [{ code: record.f64x2!, args: [0, 1, 2].slice(0, n) }] };
      const { exports, memory } = instantiate([fusedLaneKernel("k", spec)]);
      const count = 999;
      const ins = Array.from({ length: n }, (_, k) => new Float32Array(memory.buffer, 4 + k * 4096 * 4, count));
      ins.forEach((a, k) => {
        a.set(values(count, k + 3));
      });
      const out = new Float32Array(memory.buffer, 4 + 3 * 4096 * 4, count);
      exports["k"]!(...ins.map((a) => a.byteOffset), out.byteOffset, 1, count);
      const js = jsElement(name, n);
      const want = new Float32Array(count);
      for (let i = 0; i < count; i++) want[i] = js(...ins.map((a) => a[i]!));
      for (let i = 0; i < count; i++) if (!Object.is(out[i], want[i])) throw new Error(`${name}(${ins.map((a) => a[i]).join(", ")}): lanes ${out[i]}, JavaScript ${want[i]}`);
    }
  });

  it("a group over array, scalar, row and column leaves equals its loop, for odd and even row lengths", () => {
    const k = (name: string): MapKernel => RECORDS[name]!;
    // out = where(gt(x, c), exp(-(x − r)·s), relu(x) / c) + r: leaves x (array), c (column), r (row), s (scalar).
    const spec: FusedLaneSpec = {
      leaves: ["array", "column", "row", "scalar"],
      members: [
        { code: k("gt").f64x2!, args: [0, 1] },
        { code: k("sub").f64x2!, args: [0, 2] },
        { code: k("neg").f64x2!, args: [5] },
        { code: k("mul").f64x2!, args: [6, 3] },
        { code: k("exp").f64x2!, args: [7] },
        { code: k("relu").f64x2!, args: [0] },
        { code: k("div").f64x2!, args: [9, 1] },
        { code: k("where").f64x2!, args: [4, 8, 10] },
        { code: k("add").f64x2!, args: [11, 2] },
      ],
    };
    const { exports, memory } = instantiate([fusedLaneKernel("g", spec)]);
    for (const [rows, m] of [[1, 1], [1, 2], [3, 5], [4, 6], [7, 64], [2, 33], [5, 3]] as const) {
      const x = new Float32Array(memory.buffer, 0, rows * m);
      const c = new Float32Array(memory.buffer, 64 * 1024, rows);
      const r = new Float32Array(memory.buffer, 128 * 1024 + 4, m);
      const out = new Float32Array(memory.buffer, 192 * 1024 + 8, rows * m + 1);
      x.set(values(rows * m, 5));
      c.set(values(rows, 6).map((v) => (v === 0 ? 0.25 : v)));
      r.set(values(m, 7));
      out[rows * m] = 42;
      const s = -0.75;
      exports["g"]!(x.byteOffset, c.byteOffset, r.byteOffset, s, out.byteOffset, rows, m);
      const want = new Float32Array(rows * m);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < m; j++) {
          const xv = x[i * m + j]!;
          const [cv, rv] = [c[i]!, r[j]!];
          want[i * m + j] = ((xv > cv ? 1 : 0) !== 0 ? H.exp32(-(xv - rv) * s) : (xv > 0 ? xv : 0) / cv) + rv;
        }
      }
      for (let i = 0; i < rows * m; i++) if (!Object.is(out[i], want[i])) throw new Error(`${rows}×${m} [${i}]: lanes ${out[i]}, JavaScript ${want[i]}`);
      expect(out[rows * m], `${rows}×${m}: the element after the output`).toBe(42);
    }
  });

  it("bool leaves (one byte an element, as an array and as a row) select as their loop does, for odd and even row lengths", () => {
    const rec = (name: string): MapKernel => RECORDS[name]!;
    // out[i][j] = where(mask[i][j], x[i][j] · s, where(keep[j], c[i], −1e9)): leaves x, mask (bytes, array), s, keep (bytes, row), c (column), −1e9.
    const spec: FusedLaneSpec = {
      leaves: ["array", "array", "scalar", "row", "column", "scalar"],
      members: [
        { code: rec("mul").f64x2!, args: [0, 2] },
        { code: rec("where").f64x2!, args: [3, 4, 5] },
        { code: rec("where").f64x2!, args: [1, 6, 7] },
      ],
      narrow: [false, true, false, true, false, false],
    };
    const { exports, memory } = instantiate([fusedLaneKernel("g", spec)]);
    for (const [rows, m] of [[1, 1], [1, 2], [3, 5], [4, 16], [2, 7], [5, 33]] as const) {
      const x = new Float32Array(memory.buffer, 4, rows * m);
      x.set(values(rows * m, 5));
      // Bytes at odd addresses: a byte leaf has no alignment.
      const mask = new Uint8Array(memory.buffer, 40 * 1024 + 1, rows * m + 1);
      const keep = new Uint8Array(memory.buffer, 44 * 1024 + 3, m + 1);
      const c = new Float32Array(memory.buffer, 48 * 1024, rows);
      c.set(values(rows, 6));
      for (let i = 0; i < mask.length; i++) mask[i] = (i * 7 + rows) % 3 === 0 ? 0 : i % 5 === 0 ? 2 : 1;
      for (let j = 0; j < keep.length; j++) keep[j] = j % 2;
      const out = new Float32Array(memory.buffer, 64 * 1024, rows * m + 1);
      out[rows * m] = 42;
      const s = 0.25;
      exports["g"]!(x.byteOffset, mask.byteOffset, s, keep.byteOffset, c.byteOffset, -1e9, out.byteOffset, rows, m);
      const want = new Float32Array(rows * m);
      for (let i = 0; i < rows; i++) for (let j = 0; j < m; j++) want[i * m + j] = mask[i * m + j] !== 0 ? x[i * m + j]! * s : keep[j] !== 0 ? c[i]! : -1e9;
      for (let i = 0; i < rows * m; i++) if (!Object.is(out[i], want[i])) throw new Error(`${rows}×${m} [${i}]: lanes ${out[i]}, JavaScript ${want[i]}`);
      expect(out[rows * m], `${rows}×${m}: the element after the output`).toBe(42);
    }
  });

  it("a reduction of rows adds each row into the output row in row order, rounding to float32 at each term, as its loop does", () => {
    const rec = (name: string): MapKernel => RECORDS[name]!;
    for (const [reduce, combine, js] of [
      ["sum", rec("add").f64x2!, (acc: number, v: number): number => acc + v],
      ["max", rec("maximum").f64x2!, (acc: number, v: number): number => Math.max(acc, v)],
    ] as const) {
      // out[j] = combine over i of x[i][j] · r[j] − c[i]: leaves x (array), r (row), c (column).
      const spec: FusedLaneSpec = {
        leaves: ["array", "row", "column"],
        members: [
          { code: rec("mul").f64x2!, args: [0, 1] },
          { code: rec("sub").f64x2!, args: [3, 2] },
        ],
        result: 4,
        combine,
      };
      const { exports, memory } = instantiate([fusedLaneKernel("r", spec)]);
      for (const [rows, m] of [[1, 5], [3, 8], [9, 6], [17, 33], [2, 1]] as const) {
        const { x, r, c, out } = reductionOperands(memory, rows, m, m + 1, 11);
        const init = reduce === "sum" ? 0 : -Infinity;
        out.fill(init, 0, m);
        out[m] = 42;
        exports["r"]!(x.byteOffset, r.byteOffset, c.byteOffset, out.byteOffset, rows, m);
        const want = new Float32Array(m).fill(init);
        for (let i = 0; i < rows; i++) for (let j = 0; j < m; j++) want[j] = js(want[j]!, x[i * m + j]! * r[j]! - c[i]!);
        for (let j = 0; j < m; j++) if (!Object.is(out[j], want[j])) throw new Error(`${reduce} ${rows}×${m} [${j}]: lanes ${out[j]}, JavaScript ${want[j]}`);
        expect(out[m], `${reduce} ${rows}×${m}: the element after the output`).toBe(42);
      }
    }
  });

  it("a reduction of each row carries its value in float64 over the row and rounds it once, as its loop does", () => {
    const rec = (name: string): MapKernel => RECORDS[name]!;
    for (const [reduce, combine, js] of [
      ["sum", rec("add").f64x2!, (acc: number, v: number): number => acc + v],
      ["max", rec("maximum").f64x2!, (acc: number, v: number): number => Math.max(acc, v)],
    ] as const) {
      // out[i] = combine over j of (x[i][j] − c[i]) · r[j] · s: leaves x (array), r (row), c (column), s (scalar).
      const spec = {
        leaves: ["array", "row", "column", "scalar"],
        members: [
          { code: rec("sub").f64x2!, args: [0, 2] },
          { code: rec("mul").f64x2!, args: [4, 1] },
          { code: rec("mul").f64x2!, args: [5, 3] },
        ],
        combineRow: combine,
      } as const;
      const { exports, memory } = instantiate([rowReduceLaneKernel("r", spec)]);
      // Row counts around the four rows a step (repeated last rows), row lengths odd and even.
      for (const [rows, m] of [[1, 5], [2, 64], [3, 8], [4, 1], [5, 16], [6, 7], [9, 6], [17, 33]] as const) {
        const { x, r, c, out } = reductionOperands(memory, rows, m, rows + 1, 21);
        // Start values other than the init: the lanes must read them.
        const start = values(rows, 24);
        out.set(start);
        out[rows] = 42;
        const s = 0.75;
        exports["r"]!(x.byteOffset, r.byteOffset, c.byteOffset, s, out.byteOffset, rows, m);
        for (let i = 0; i < rows; i++) {
          let acc = start[i]!;
          for (let j = 0; j < m; j++) acc = js(acc, (x[i * m + j]! - c[i]!) * r[j]! * s);
          const want = Math.fround(acc);
          if (!Object.is(out[i], want)) throw new Error(`${reduce} ${rows}×${m} [${i}]: lanes ${out[i]}, JavaScript ${want}`);
        }
        expect(out[rows], `${reduce} ${rows}×${m}: the element after the output`).toBe(42);
      }
    }
  });

  it("exp's lanes equal the exp32 helper in float64, bit for bit, from below −745 to beyond 710", () => {
    // out[i] (f64) = expLanes(x[i]) (f64), two a step.
    const [X, OUT, N] = [0, 1, 2];
    const { locals, i32, v128, ctx, prologue } = laneLocals(3);
    const [I, V] = [i32(), v128()];
    const code = expLanes([V], ctx);
    const body = [
      ...prologue,
      ...countedLoop(I, N, 16, [...op.get(X), ...op.get(I), ...op.add, ...op.v128Load(0), ...op.set(V), ...op.get(OUT), ...op.get(I), ...op.add, ...code, ...op.v128Store(0)]),
    ];
    const fn: WasmFunction = { name: "exp", params: [I32, I32, I32], locals, body };
    const { exports, memory } = instantiate([fn], 256);
    const xs: number[] = [NaN, -NaN, Infinity, -Infinity, 0, -0, -744.9, -745, -746, -1e300, 709.5, 709.78, 710, 711, 1e300, 5e-324, -5e-324, 0];
    // Pairs with one lane on the special path (NaN, a subnormal or zero result) and one on the normal one.
    xs.push(NaN, 1, 1, NaN, -800, 0.5, 0.5, -745, -720, 3, 3, -709, -707.5, -708.5);
    for (let x = -760; x <= 720; x += 0.0137) xs.push(x);
    for (let x = -746; x <= -700; x += 0.0003) xs.push(x);
    for (let x = -1; x <= 1; x += 1e-4) xs.push(x);
    if (xs.length % 2 === 1) xs.push(1);
    const x = new Float64Array(memory.buffer, 0, xs.length);
    x.set(xs);
    const out = new Float64Array(memory.buffer, xs.length * 8 + 16, xs.length);
    exports["exp"]!(x.byteOffset, out.byteOffset, xs.length * 8);
    let checked = 0;
    for (let i = 0; i < xs.length; i++) {
      const want = H.exp32(x[i]!);
      if (!Object.is(out[i], want)) throw new Error(`exp32(${x[i]}): lanes ${out[i]}, helper ${want}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(200_000);
    // The subnormal results (k < −1021) and the zero end (k = −1075) were among them.
    expect(xs.some((v) => H.exp32(v) > 0 && H.exp32(v) < 2 ** -1022)).toBe(true);
    expect(xs.some((v) => v > -746 && H.exp32(v) === 0)).toBe(true);
  });
});
