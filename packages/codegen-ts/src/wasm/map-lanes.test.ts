/**
 * The one-op lane loops (wasm/map-lanes.ts, ../lane-loop.ts): the kernels' elements equal the
 * generated JavaScript loop's bit for bit, whatever n % 4, placement and operand form.
 */
import { runInThisContext } from "node:vm";
import type { Node } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { simdHelper } from "../helpers/simd.ts";
import { MAP_KERNELS } from "../kernels/map.ts";
import type { MapKernel } from "../kernel-types.ts";
import { laneLoop, type LaneOperand } from "../lane-loop.ts";
import { guardedArrays } from "../test-guarded-arrays.ts";
import { LANE_MIN, LANE_OPS, mapLanesCVHelper, mapLanesRVHelper, mapLanesSVHelper, mapLanesVCHelper, mapLanesVRHelper, mapLanesVSHelper, mapLanesVVHelper, type LaneOp } from "./map-lanes.ts";

type Lane = (op: number, a: Float32Array | number, b: Float32Array | number, out: Float32Array, n: number) => number;
type RowLane = (op: number, a: Float32Array, b: Float32Array, out: Float32Array, rows: number, m: number) => boolean;
interface Kernels {
  mapLanesVC: RowLane;
  mapLanesCV: RowLane;
  mapLanesVR: RowLane;
  mapLanesRV: RowLane;
  mapLanesVV: Lane;
  mapLanesVS: Lane;
  mapLanesSV: Lane;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
}

const t = { ts: false, F: "Float32Array" };
const K = runInThisContext(`(class T {\n${simdHelper(t)}\n${mapLanesVVHelper(t)}\n${mapLanesVSHelper(t)}\n${mapLanesSVHelper(t)}\n${mapLanesVRHelper(t)}\n${mapLanesRVHelper(t)}\n${mapLanesVCHelper(t)}\n${mapLanesCVHelper(t)}\n})`) as Kernels;

/**
 * The ops whose kernel record names a lane form, each with that form: the tests below run a record's own
 * `expr` against its own `lanes`, so a record pairing an expression with another op's lanes fails them.
 */
const RECORDS: Readonly<Record<string, MapKernel>> = MAP_KERNELS;
const LANE_RECORDS = Object.entries(RECORDS).flatMap(([op, k]) => (k.lanes === undefined ? [] : [{ op, lane: k.lanes }]));

/** A node of op `op`: what a record's `expr` is handed (the arithmetic ones read nothing of it). */
const nodeOf = (op: string): Node => ({ id: "out", op, inputs: ["x", "y"], attrs: {}, type: { dtype: "f32", shape: [] } });

/** The record's own element expression of `op` (its JavaScript loop's right-hand side). */
const exprOf =
  (op: string) =>
  (args: readonly string[]): string =>
    RECORDS[op]!.expr(args, nodeOf(op), [], () => "unused");

/** The lane form the record of `op` names. */
const laneOf = (op: string): LaneOp => RECORDS[op]!.lanes!;

/** The loop laneLoop writes for the record of `op` over operands a, b into `out`, as a function (T: the class). */
function generated(op: string, a: LaneOperand, b: LaneOperand): (arrays: Record<string, Float32Array>, n: number) => void {
  const expr = exprOf(op);
  const lines = laneLoop(laneOf(op), [a, b], "out", { n: "n", rows: "1", m: null }, expr, (h) => `T.${h}`, () => ["throw new Error('a flat form has no generic part');"]);
  if (lines === null) throw new Error("no lane loop");
  const make = runInThisContext(`((T) => ({ x, y, out }, n) => {\n${lines.join("\n")}\n})`) as (k: Kernels) => (arrays: Record<string, Float32Array>, n: number) => void;
  return make(K);
}

/**
 * The code laneLoop writes for an op over `rows` rows of m, x the array and r the row (a bias) or the
 * column (one float per row), the generic loop its fallback.
 */
function generatedRow(op: string, rowFirst: boolean, rows: number, m: number, side: "row" | "column" = "row"): { run: (x: Float32Array, r: Float32Array, out: Float32Array) => void; lines: readonly string[] } {
  const expr = exprOf(op);
  const r: LaneOperand = side === "row" ? { row: "r" } : { column: "r" };
  const [a, b]: [LaneOperand, LaneOperand] = rowFirst ? [r, { array: "x" }] : [{ array: "x" }, r];
  const element = side === "row" ? "r[_j]" : "r[_i]";
  const args = rowFirst ? [element, "x[_i * m + _j]"] : ["x[_i * m + _j]", element];
  const generic = [`for (let _i = 0; _i < rows; _i++) for (let _j = 0; _j < m; _j++) out[_i * m + _j] = ${expr(args)};`];
  const lines = laneLoop(laneOf(op), [a, b], "out", { n: "rows * m", rows: "rows", m }, expr, (h) => `T.${h}`, () => generic);
  if (lines === null) throw new Error("no lane loop");
  const make = runInThisContext(`((T, rows, m) => (x, r, out) => {\n${lines.join("\n")}\n})`) as (k: Kernels, rows: number, m: number) => (x: Float32Array, r: Float32Array, out: Float32Array) => void;
  return { run: make(K, rows, m), lines };
}

/** Consecutive arrays of `sizes` in the kernels' memory, the first 1 float in (8-byte loads straddle 16-byte lines). */
function oddlyPlaced(sizes: readonly number[]): Float32Array[] {
  const [all] = K.simdArrays([[Float32Array, 1 + sizes.reduce((a, b) => a + b, 0)]]) as [Float32Array];
  let at = 1;
  return sizes.map((s) => all.subarray(at, (at += s)));
}

/** Values whose float64 results round to float32 in every way: ties, subnormals, overflow, ±0, ±∞, NaN. */
const SPECIAL = [0, -0, 1, -1, 3, 1 / 3, 1 + 2 ** -23, 1 + 2 ** -24, 2 ** -149, -(2 ** -140), 3.4e38, -3.4e38, Infinity, -Infinity, Number.NaN, 0.1, 7e-39, 1e30];

function fill(x: Float32Array, y: Float32Array, seed: number): void {
  for (let i = 0; i < x.length; i++) {
    x[i] = i < SPECIAL.length ? SPECIAL[i]! : Math.sin(i * 12.9898 + seed) * 10 ** ((i % 9) - 4);
    y[i] = SPECIAL[(i * 7 + seed) % SPECIAL.length]! * (i % 3 === 0 ? 1 : Math.cos(i * 78.233));
  }
}

/** `got` and `want` hold the same floats (NaN for NaN, −0 distinct from +0). */
function expectSame(got: Float32Array, want: Float32Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]]);
}

const FORMS: readonly (readonly [string, LaneOperand, LaneOperand])[] = [
  ["array ∘ array", { array: "x" }, { array: "y" }],
  ["array ∘ 0.70710678", { array: "x" }, { scalar: "0.70710678" }],
  ["1 ∘ array", { scalar: "1" }, { array: "y" }],
];

describe("one-op lane loops (wasm/map-lanes.ts)", () => {
  for (const { op } of LANE_RECORDS) {
    for (const [name, a, b] of FORMS) {
      for (const n of [1, 3, LANE_MIN - 1, LANE_MIN, LANE_MIN + 3, 1027]) {
        it(`${op}, ${name}, n = ${n}: the kernel's elements equal the JavaScript loop's, bit for bit`, () => {
          const run = generated(op, a, b);
          const g = guardedArrays([n, n, n], oddlyPlaced);
          const [x, y, out] = g.arrays as [Float32Array, Float32Array, Float32Array];
          fill(x, y, n);
          const plain = { x: Float32Array.from(x), y: Float32Array.from(y), out: new Float32Array(n) };
          run(plain, n);
          run({ x, y, out }, n);
          expect(g.guardsIntact()).toBe(true);
          expectSame(out, plain.out);
        });
      }
    }
  }

  for (const { op, lane } of LANE_RECORDS) {
    for (const rowFirst of [false, true]) {
      for (const [rows, m] of [[1, 32], [7, 12], [33, 64], [3, 4]] as const) {
        it(`${op}, ${rowFirst ? "row ∘ array" : "array ∘ row"}, ${rows} rows of ${m}: the kernel's elements equal the generic loop's, bit for bit`, () => {
          const { run } = generatedRow(op, rowFirst, rows, m);
          const g = guardedArrays([rows * m, m, rows * m], oddlyPlaced);
          const [x, r, out] = g.arrays as [Float32Array, Float32Array, Float32Array];
          const y = new Float32Array(rows * m);
          fill(x, y, rows);
          r.set(y.subarray(0, m));
          const want = new Float32Array(rows * m);
          run(Float32Array.from(x), Float32Array.from(r), want);
          expect(K[rowFirst ? "mapLanesRV" : "mapLanesVR"](LANE_OPS.indexOf(lane), rowFirst ? r : x, rowFirst ? x : r, new Float32Array(rows * m), rows, m)).toBe(false);
          run(x, r, out);
          expect(g.guardsIntact()).toBe(true);
          expectSame(out, want);
        });
      }
    }
  }

  for (const { op, lane } of LANE_RECORDS) {
    for (const columnFirst of [false, true]) {
      for (const [rows, m] of [[1, 32], [7, 12], [33, 64], [3, 4]] as const) {
        it(`${op}, ${columnFirst ? "column ∘ array" : "array ∘ column"}, ${rows} rows of ${m}: the kernel's elements equal the generic loop's, bit for bit`, () => {
          const { run } = generatedRow(op, columnFirst, rows, m, "column");
          const g = guardedArrays([rows * m, rows, rows * m], oddlyPlaced);
          const [x, c, out] = g.arrays as [Float32Array, Float32Array, Float32Array];
          const y = new Float32Array(rows * m);
          fill(x, y, rows + 1);
          c.set(y.subarray(0, rows));
          const want = new Float32Array(rows * m);
          run(Float32Array.from(x), Float32Array.from(c), want);
          expect(K[columnFirst ? "mapLanesCV" : "mapLanesVC"](LANE_OPS.indexOf(lane), columnFirst ? c : x, columnFirst ? x : c, new Float32Array(rows * m), rows, m)).toBe(false);
          run(x, c, out);
          expect(g.guardsIntact()).toBe(true);
          expectSame(out, want);
        });
      }
    }
  }

  it("a column form reads one float per row, and runs in the model's memory", () => {
    const [x, c, out] = K.simdArrays([[Float32Array, 64], [Float32Array, 8], [Float32Array, 64]]) as [Float32Array, Float32Array, Float32Array];
    x.fill(10);
    c.set([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(K.mapLanesCV(LANE_OPS.indexOf("sub"), c, x, out, 8, 8)).toBe(true);
    expect([...out.subarray(16, 24)]).toEqual(new Array<number>(8).fill(-8));
    expect(K.mapLanesVC(LANE_OPS.indexOf("sub"), x, c, out, 10, 6)).toBe(false);
    expect(generatedRow("mul", false, 8, 8, "column").lines[0]).toBe("if (!T.mapLanesVC(2, x, r, out, rows, 8)) {");
  });

  it("a row form runs the kernel in the model's memory and the generic loop only where it declines", () => {
    const [x, r, out] = K.simdArrays([[Float32Array, 64], [Float32Array, 8], [Float32Array, 64]]) as [Float32Array, Float32Array, Float32Array];
    x.fill(1);
    r.set([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(K.mapLanesVR(LANE_OPS.indexOf("add"), x, r, out, 8, 8)).toBe(true);
    expect([...out.subarray(8, 16)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(K.mapLanesVR(LANE_OPS.indexOf("add"), x, r, out, 10, 6)).toBe(false);
    expect(generatedRow("add", false, 8, 8).lines[0]).toBe("if (!T.mapLanesVR(0, x, r, out, rows, 8)) {");
  });

  it("the kernels run where they should: in the model's memory from LANE_MIN elements, not on plain arrays", () => {
    const [x, y, out] = K.simdArrays([[Float32Array, 64], [Float32Array, 64], [Float32Array, 64]]) as [Float32Array, Float32Array, Float32Array];
    x.fill(3);
    y.fill(2);
    expect(K.mapLanesVV(LANE_OPS.indexOf("div"), x, y, out, 63)).toBe(60);
    expect(out[59]).toBe(1.5);
    expect(out[60]).toBe(0);
    expect(K.mapLanesVS(LANE_OPS.indexOf("sub"), x, 0.25, out, 40)).toBe(40);
    expect(out[39]).toBe(2.75);
    expect(K.mapLanesSV(LANE_OPS.indexOf("sub"), 0.25, y, out, 40)).toBe(40);
    expect(out[39]).toBe(-1.75);
    expect(K.mapLanesVV(0, x, y, out, LANE_MIN - 1)).toBe(0);
    expect(K.mapLanesVV(0, new Float32Array(64), y, out, 64)).toBe(0);
  });

  it("in place (out = x) gives the out-of-place result", () => {
    const [x, y, out] = K.simdArrays([[Float32Array, 101], [Float32Array, 101], [Float32Array, 101]]) as [Float32Array, Float32Array, Float32Array];
    fill(x, y, 5);
    const run = generated("mul", { array: "x" }, { array: "y" });
    run({ x, y, out }, 101);
    run({ x, y, out: x }, 101);
    expectSame(x, out);
  });

  it("the binary arithmetic records name their lane form; others have none", () => {
    expect(LANE_OPS.map((op) => MAP_KERNELS[op].lanes)).toEqual(["add", "sub", "mul", "div"]);
    expect("lanes" in MAP_KERNELS.maximum).toBe(false);
  });
});
