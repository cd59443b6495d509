/**
 * The lookups of ../kernels/gather.ts as WebAssembly kernels: `take` copies one row of W floats of a
 * table per id, `scatter_add` zeroes its output and adds each id's row of updates into that id's row,
 * in increasing id position (f32x4.add rounds each sum to float32 as the JavaScript `+=` into a
 * Float32Array does: a float64 sum of two floats rounded to float32 is their float32 sum). Both check
 * every id against [0, V) before they read or write any row, and return 0 without touching memory
 * where one is out of range (the JavaScript loop then throws its RangeError), 1 when done.
 */
import { header, simdGuard, type HelperTarget } from "../helpers/signature.ts";
import { countedLoop, I32, op, type WasmFunction } from "./encode.ts";

/** Copies or adds W floats from `from` to `to` (byte addresses): four at a time, then one at a time. */
function rowCode(add: boolean, from: number, to: number, q: number, quads: number, bytes: number): number[] {
  const at = (base: number): number[] => [...op.get(base), ...op.get(q), ...op.add];
  return [
    ...countedLoop(q, quads, 16, [...at(to), ...(add ? [...at(to), ...op.v128Load(0)] : []), ...at(from), ...op.v128Load(0), ...(add ? op.f32x4Add : []), ...op.v128Store(0)]),
    ...countedLoop(q, bytes, 4, [...at(to), ...(add ? [...at(to), ...op.f32Load(0)] : []), ...at(from), ...op.f32Load(0), ...(add ? op.f32Add : []), ...op.f32Store(0)], null),
  ];
}

/** takeRows(table, ids, out, N, W, V) and scatterAddRows(ids, upd, out, N, W, V): byte addresses, counts; → 1, or 0 for an id outside [0, V). */
export function gatherKernels(): WasmFunction[] {
  const kernel = (name: string, add: boolean): WasmFunction => {
    // The parameters: take (table, ids, …), scatter_add (ids, upd, …); SRC is the table or upd.
    const [IDS, SRC] = add ? [0, 1] : [1, 0];
    const [OUT, N, W, V] = [2, 3, 4, 5];
    const [P, END, Q, QUADS, ROW, FROM, TO, ID] = [6, 7, 8, 9, 10, 11, 12, 13];
    const id = [...op.get(IDS), ...op.get(P), ...op.add, ...op.i32Load(0), ...op.set(ID)];
    const rowAt = (base: number, index: readonly number[]): number[] => [...op.get(base), ...index, ...op.get(ROW), ...op.mul, ...op.add];
    // Row p (P is its id's byte offset, 4p) and row ids[p].
    const [pRow, idRow] = [[...op.get(P), ...op.i32(2), ...op.shrU], op.get(ID)];
    const body = [
      ...op.get(W), ...op.i32(4), ...op.mul, ...op.set(ROW),
      ...op.get(W), ...op.i32(-4), ...op.and, ...op.i32(4), ...op.mul, ...op.set(QUADS),
      ...op.get(N), ...op.i32(4), ...op.mul, ...op.set(END),
      // Every id first: unsigned, a negative one is ≥ V too.
      ...countedLoop(P, END, 4, [...id, ...op.get(ID), ...op.get(V), ...op.geU, ...op.ifVoid, ...op.i32(0), ...op.ret, ...op.end]),
      ...(add
        ? [
            ...op.get(V), ...op.get(ROW), ...op.mul, ...op.set(END),
            // out = 0 (+0.0's bits), as its JavaScript fill.
            ...countedLoop(Q, END, 4, [...op.get(OUT), ...op.get(Q), ...op.add, ...op.i32(0), ...op.i32Store(0)]),
            ...op.get(N), ...op.i32(4), ...op.mul, ...op.set(END),
          ]
        : []),
      ...countedLoop(P, END, 4, [
        ...id,
        // take reads the table at the id's row and writes out at p's; scatter_add reads upd at p's and adds into out at the id's.
        ...rowAt(SRC, add ? pRow : idRow), ...op.set(FROM),
        ...rowAt(OUT, add ? idRow : pRow), ...op.set(TO),
        ...rowCode(add, FROM, TO, Q, QUADS, ROW),
      ]),
      ...op.i32(1),
    ];
    return { name, params: new Array<number>(6).fill(I32), locals: new Array<number>(8).fill(I32), results: [I32], body };
  };
  return [kernel("takeRows", false), kernel("scatterAddRows", true)];
}

/** The class helpers: the kernels where every array is in this model's memory and long enough; false elsewhere, and for an id out of range (the JavaScript loop then throws). */
export function takeSimdHelper(t: HelperTarget): string {
  return [
    `/** out[p, :] = table[ids[p], :] on the wasm kernel; false where it does not run (then the JavaScript loop must). */`,
    header(t, "takeSimd", ["table: F", "ids: Int32Array", "out: F", "V: number", "W: number", "N: number"], "boolean"),
    ...simdGuard(["out", "table", "ids"], "N >= 1 && W >= 1 && V >= 1", "table.length >= V * W && ids.length >= N && out.length >= N * W"),
    `  return k.takeRows(table.byteOffset, ids.byteOffset, out.byteOffset, N, W, V) === 1;`,
    `}`,
  ].join("\n");
}

export function scatterAddSimdHelper(t: HelperTarget): string {
  return [
    `/** out = 0, then out[ids[p], :] += upd[p, :] on the wasm kernel; false where it does not run (then the JavaScript loop must). */`,
    header(t, "scatterAddSimd", ["ids: Int32Array", "upd: F", "out: F", "V: number", "W: number", "N: number"], "boolean"),
    ...simdGuard(["out", "upd", "ids"], "N >= 1 && W >= 1 && V >= 1", "upd.length >= N * W && ids.length >= N && out.length >= V * W"),
    `  return k.scatterAddRows(ids.byteOffset, upd.byteOffset, out.byteOffset, N, W, V) === 1;`,
    `}`,
  ].join("\n");
}
