/**
 * simdCall, the one way a generated class runs a kernel whose call may be cut over the worker threads
 * by a count parameter (MODE 2 of ./control.ts): compute-bound fused groups (../wasm/fused-lanes.ts
 * cutSteps), erf, softmax and the batched matmuls. The parameter `at` counts independent rows (or elements, cut in multiples of
 * `align`); chunk [r0, r1) gets args[i] + r0·steps[i] for every argument and r1 − r0 for the count, so
 * each row is computed as one call computes it and results never depend on the cut. A class on one
 * thread gets simdCallHelper (the call, uncut); a threaded one cutMembers.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { COUNT_AT, FN, MAX_CHUNKS, MAX_CUT_ARGS, MODE, NARGS, ROW_END, ROWS, VALS_AT } from "./control.ts";
import { CHUNKS_PER_THREAD } from "./split-work.ts";

const PARAMS = ["k: object", "buffer: ArrayBufferLike", "name: string", "work: number", "at: number", "align: number", "args: readonly number[]", "steps: readonly number[]"];
const DOC = "/** Runs kernel `name` of `k` (the kernels of `buffer`'s memory) on `args`; work: its estimated one-thread ns; at, align, steps: how it may be cut (./threads/cut-code.ts in nnc). */";
const callOf = (t: HelperTarget): string => `(k${t.ts ? " as Record<string, (...a: number[]) => void>" : ""})[name]${t.ts ? "!" : ""}(...args);`;

/** The one-thread simdCall: the kernel call itself. */
export function simdCallHelper(t: HelperTarget): string {
  const unused = new Set(["buffer", "work", "at", "align", "steps"]);
  const params = PARAMS.map((p) => (unused.has(p.split(":")[0]!) ? `_${p}` : p));
  return [DOC, header(t, "simdCall", params), `  ${callOf(t)}`, `}`].join("\n");
}

/**
 * The threaded class's CUT_WORK, SIMD_FN and simdCall: a call estimated at CUT_WORK ns or more, with
 * two chunks or more, is published as a MODE 2 job (FN, MODE, ROWS and ROW_END, NARGS, COUNT_AT are
 * two runs of adjacent words, set by Int32Array.set) and run by simdRun; any other runs uncut.
 * `names`: the module's exports in FN order.
 */
export function cutMembers(t: HelperTarget, cutWork: number, names: readonly string[]): string {
  if (MODE !== FN + 1 || ROWS !== FN + 2 || NARGS !== ROW_END + 1 || COUNT_AT !== ROW_END + 2) throw new Error("simdCall: the control words it sets together are not adjacent");
  const T = (s: string): string => (t.ts ? s : "");
  const p = t.ts ? "private " : "";
  return [
    `/** A kernel call is cut over the threads (simdCall) when its estimated one-thread time is at least this many ns. */`,
    `${p}static ${T("readonly ")}CUT_WORK = ${cutWork};`,
    `/** Each kernel export's index in the workers' function list. */`,
    `${p}static ${T("readonly ")}SIMD_FN${T(": Partial<Record<string, number>>")} = ${JSON.stringify(Object.fromEntries(names.map((n, i) => [n, i])))};`,
    ``,
    DOC,
    header(t, "simdCall", PARAMS),
    `  const count = args[at]${T("!")}, units = Math.ceil(count / align), pool = this.SIMD_POOLS.get(buffer), fn = this.SIMD_FN[name];`,
    `  if (work < this.CUT_WORK || units < 2 || args.length > ${MAX_CUT_ARGS} || pool === undefined || fn === undefined) {`,
    `    ${callOf(t)}`,
    `    return;`,
    `  }`,
    `  if (!pool.started) this.simdStart(pool);`,
    `  const per = align * Math.ceil(units / Math.min(units, ${CHUNKS_PER_THREAD} * pool.threads, ${MAX_CHUNKS}));`,
    `  pool.ctl.set([fn, 2, per], ${FN});`,
    `  pool.ctl.set([count, args.length, at], ${ROW_END});`,
    `  for (let i = 0; i < args.length; i++) pool.vals.set([args[i]${T("!")}, steps[i]${T("!")}], ${VALS_AT} + 2 * i);`,
    `  this.simdRun(pool, Math.ceil(count / per));`,
    `}`,
  ].join("\n");
}
