/**
 * The worker-thread members of a generated class whose SIMD kernels may run on several threads
 * (./control.ts has the protocol): the worker's source text, the per-memory pool, and the static
 * methods that start the workers, split a kernel call over them and stop them. The workers start at
 * the first split call (a model whose calls are all small never starts any), are unref'd in Node (a
 * finished program exits without close()), end at close() or when their memory is garbage-collected
 * (FinalizationRegistry), and instantiate the class's own module on its shared memory. A split call
 * passes the matmul signature (a, b, c, M, N, K, acc, row range): a kernel with other parameters
 * needs its own mode in ./control.ts. In Node they are worker_threads started from the embedded text (`eval: true`; Node ≥ 20.16
 * for process.getBuiltinModule); in browsers and Workers, Blob-URL Workers.
 */
import { header, type HelperTarget } from "../helpers/signature.ts";
import { ARG_A, ARG_ACC, ARG_B, ARG_C, ARG_K, ARG_M, ARG_N, A_STEP, C_STEP, claimBody, CONTROL_INTS, DONE, FAILED, FN, LIMIT, MAX_CHUNKS, MODE, NEXT, NEXT_TAG_MASK, NEXT_TAG_SHIFT, ROW_END, ROWS, SEQ, SLEEP, STOP, TAG_MASK, TAG_SHIFT } from "./control.ts";
import { cutMembers } from "./cut-code.ts";
import { CHUNKS_PER_THREAD, DEFAULT_CUT_WORK } from "./split-work.ts";

export interface ThreadSettings {
  /** Threads a split call uses; 0: the machine's cores (navigator.hardwareConcurrency, os.availableParallelism()), at most MAX_AUTO_THREADS. */
  readonly threads: number;
  /** A matmul splits when M·N·K is at least this and it has two 4-row tiles. */
  readonly splitWork: number;
  /** Another kernel call (simdCall) is cut when its estimated one-thread time is at least this many ns (DEFAULT_CUT_WORK when absent). */
  readonly cutWork?: number;
}

export const MAX_AUTO_THREADS = 4;
/**
 * Milliseconds a worker polls (Atomics.load) for the next job before it sleeps in Atomics.wait, by the
 * clock: it was a count, 200,000 polls, ≈ 2 ms on this machine but not on a faster or slower one. A
 * training step's split and cut calls are tens of µs to a few ms apart, so a worker stays awake
 * through a training loop instead of paying a futex wake-up (tens of µs, and the caller's notify) at
 * most calls, and sleeps 2 ms after the last one. Measured with interleaved medians
 * (docs/performance.md "Threads") for 200,000 polls against 10,000 (≈ 0.1 ms): the
 * char-transformer's step 11.14 → 10.24 ms, the LSTM's 8.52 → 8.08, the MNIST MLP's
 * 1.033 → 0.954; the CNN's 0.774 → 0.783 (its calls are few). The cost: up to ≈ 2 ms of one core after
 * each burst of calls, taken from other processes on a busy machine.
 */
const WORKER_SPIN_MS = 2;
/** Polls the calling thread makes for the other threads' chunks before it sleeps. */
const CALLER_SPIN = 2000;

/** The worker's script: instantiates the module on the memory it is given and serves split calls until STOP. */
export function workerSource(): string {
  return [
    `"use strict";`,
    `function claim(ctl, vals, fns, faults) {`,
    ...claimBody("", "back").map((l) => `  ${l}`),
    `}`,
    `function serve(d) {`,
    `  const instance = (m) => new WebAssembly.Instance(m, { env: { memory: d.memory } }).exports;`,
    // The relaxed-SIMD matmuls replace the plain ones here exactly where they do on the calling thread (../wasm/relaxed.ts).
    `  const exp = d.relaxed ? Object.assign({}, instance(d.module), instance(d.relaxed)) : instance(d.module);`,
    `  const fns = d.names.map((n) => exp[n]);`,
    `  const ctl = new Int32Array(d.memory.buffer, d.at, ${CONTROL_INTS});`,
    `  const vals = new Float64Array(d.memory.buffer, d.at, ${CONTROL_INTS / 2});`,
    `  const faults = [];`,
    `  for (;;) {`,
    `    const seen = Atomics.load(ctl, ${SEQ});`,
    `    if (Atomics.load(ctl, ${STOP}) !== 0) return;`,
    `    claim(ctl, vals, fns, faults);`,
    // The failed chunks are counted done (the caller throws); the worker ends with the error, which its owner records.
    `    if (faults.length > 0) throw faults[0];`,
    `    for (const end = performance.now() + ${WORKER_SPIN_MS}; Atomics.load(ctl, ${SEQ}) === seen && performance.now() < end; );`,
    `    if (Atomics.load(ctl, ${SEQ}) === seen) {`,
    `      Atomics.add(ctl, ${SLEEP}, 1);`,
    `      Atomics.wait(ctl, ${SEQ}, seen);`,
    `      Atomics.sub(ctl, ${SLEEP}, 1);`,
    `    }`,
    `  }`,
    `}`,
    `if (typeof require === "function") serve(require("node:worker_threads").workerData);`,
    `else self.onmessage = (e) => serve(e.data);`,
    ``,
  ].join("\n");
}

/**
 * The TS type of a pool (relaxed: the relaxed-SIMD module the kernels took, or null; kernels: the module's exports type; helped: chunks the workers ran so far;
 * faults: the calling thread's chunk errors of the current call; errors: what the workers ended with, at most the first).
 */
export function poolType(kernels: string): string {
  return `{ readonly module: object; readonly relaxed: object | null; readonly memory: object; readonly ctl: Int32Array; readonly vals: Float64Array; readonly threads: number; readonly kernels: ${kernels}; readonly fns: ((...a: number[]) => void)[]; seq: number; helped: number; readonly faults: unknown[]; readonly errors: string[]; canWait: boolean; started: boolean; readonly workers: { terminate(): unknown }[] }`;
}

const GLOBALS =
  "{ navigator?: { hardwareConcurrency?: number }; process?: { getBuiltinModule?: (m: string) => unknown }; Worker?: new (url: string) => { postMessage(d: unknown): void; terminate(): unknown; onerror: ((e: { message?: string }) => void) | null }; Blob?: new (parts: string[], o: { type: string }) => object; URL?: { createObjectURL(b: object): string } }";
const NODE_WORKER = "{ new (src: string, o: { eval: boolean; workerData: unknown }): { on(e: string, f: (err: unknown) => void): unknown; unref(): void; terminate(): unknown } }";

/**
 * The static members: THREADS, SPLIT_WORK, WORKER_SOURCE, SIMD_POOLS, SIMD_CLEANUP, simdThreads,
 * simdStart, simdSplit, simdRun, simdFailed, simdClaim, simdClose, and with `calls` (a kernel call goes
 * through simdCall) ./cut-code.ts's members. `names`: the module's exports in FN order; `kernels`: their type.
 */
export function threadMembers(t: HelperTarget, s: ThreadSettings, names: readonly string[], kernels: string, calls = false): string {
  const T = (x: string): string => (t.ts ? x : "");
  const p = t.ts ? "private " : "";
  const ro = T("readonly ");
  const pool = poolType(kernels);
  return [
    `/** Threads a large kernel call is split over (0: the machine's cores, at most ${MAX_AUTO_THREADS}); nnc compile --threads sets it. */`,
    `${p}static ${ro}THREADS = ${s.threads};`,
    `/** A matmul is split over the threads when M·N·K is at least this (below it, waking the workers costs more than it saves). */`,
    `${p}static ${ro}SPLIT_WORK = ${s.splitWork};`,
    `/** The workers' script: each instantiates the kernels on the shared memory and serves split calls. */`,
    `${p}static ${ro}WORKER_SOURCE = ${JSON.stringify(workerSource())};`,
    `/** The thread pool of each shared memory, by its buffer. */`,
    `${p}static ${ro}SIMD_POOLS = new WeakMap${T(`<ArrayBuffer | SharedArrayBuffer, ${pool}>`)}();`,
    `/** Ends the workers of a memory nothing references any more (a model dropped without close()). */`,
    `${p}static ${ro}SIMD_CLEANUP = new FinalizationRegistry${T("<{ terminate(): unknown }[]>")}((workers) => {`,
    `  for (const w of workers) void w.terminate();`,
    `});`,
    ``,
    `/** How many threads this machine gets: THREADS, or its cores up to ${MAX_AUTO_THREADS}. */`,
    header(t, "simdThreads", [], "number"),
    `  if (this.THREADS > 0) return this.THREADS;`,
    `  const g = globalThis${T(` as unknown as ${GLOBALS}`)};`,
    `  let n = g.navigator?.hardwareConcurrency ?? 1;`,
    `  try {`,
    `    const os = g.process?.getBuiltinModule?.("node:os")${T(" as { availableParallelism?: () => number } | undefined")};`,
    `    if (os?.availableParallelism !== undefined) n = os.availableParallelism();`,
    `  } catch {`,
    `    n = 1;`,
    `  }`,
    `  return Math.max(1, Math.min(${MAX_AUTO_THREADS}, n));`,
    `}`,
    ``,
    `/** Starts threads − 1 workers on the pool's memory; where none can start, the calling thread does every chunk. */`,
    header(t, "simdStart", [`pool: ${pool}`]),
    `  pool.started = true;`,
    `  const workers = pool.workers;`,
    // The handlers hold the errors list, not the pool: a pool reachable from a live worker would keep its memory from being collected.
    `  const errors = pool.errors;`,
    `  const data = { module: pool.module, relaxed: pool.relaxed, memory: pool.memory, at: pool.ctl.byteOffset, names: ${JSON.stringify(names)} };`,
    `  const g = globalThis${T(` as unknown as ${GLOBALS}`)};`,
    `  try {`,
    `    const wt = g.process?.getBuiltinModule?.("node:worker_threads")${T(` as { Worker: ${NODE_WORKER} } | undefined`)};`,
    `    if (wt !== undefined) {`,
    `      for (let i = 1; i < pool.threads; i++) {`,
    `        const w = new wt.Worker(this.WORKER_SOURCE, { eval: true, workerData: data });`,
    `        // A worker ends only on an error (a failed chunk, or one it hit starting): kept for the caller's message.`,
    `        w.on("error", (e) => {`,
    `          if (errors.length === 0) errors.push(String(e));`,
    `        });`,
    `        w.unref();`,
    `        workers.push(w);`,
    `      }`,
    `    } else if (g.Worker !== undefined && g.Blob !== undefined && g.URL !== undefined) {`,
    `      const url = g.URL.createObjectURL(new g.Blob([this.WORKER_SOURCE], { type: "text/javascript" }));`,
    `      for (let i = 1; i < pool.threads; i++) {`,
    `        const w = new g.Worker(url);`,
    `        w.onerror = (e) => {`,
    `          if (errors.length === 0) errors.push(String(e.message));`,
    `        };`,
    `        w.postMessage(data);`,
    `        workers.push(w);`,
    `      }`,
    `    }`,
    `  } catch {`,
    `    // No worker threads here: the calling thread does every chunk.`,
    `  }`,
    `}`,
    ``,
    `/** Runs export \`fn\` on rows [0, M − M % 4) of C, cut into chunks shared with the workers (mode, aStep, cStep: see the control block); mode 1's last chunk ends at M − M % 4, so mmNN and mmTN also do the last M % 4 rows there. */`,
    header(t, "simdSplit", [`pool: ${pool}`, "fn: number", "mode: number", "a: number", "b: number", "c: number", "M: number", "N: number", "K: number", "acc: number", "aStep: number", "cStep: number"]),
    `  if (!pool.started) this.simdStart(pool);`,
    `  const ctl = pool.ctl;`,
    `  const rows = M & -4, tiles = rows >> 2;`,
    `  const per = 4 * Math.ceil(tiles / Math.min(tiles, ${CHUNKS_PER_THREAD} * pool.threads, ${MAX_CHUNKS}));`,
    `  const chunks = Math.ceil(rows / per);`,
    `  ctl[${FN}] = fn;`,
    `  ctl[${MODE}] = mode;`,
    `  ctl[${ROWS}] = per;`,
    `  ctl[${ARG_A}] = a;`,
    `  ctl[${ARG_B}] = b;`,
    `  ctl[${ARG_C}] = c;`,
    `  ctl[${ARG_M}] = M;`,
    `  ctl[${ARG_N}] = N;`,
    `  ctl[${ARG_K}] = K;`,
    `  ctl[${ARG_ACC}] = acc;`,
    `  ctl[${A_STEP}] = aStep;`,
    `  ctl[${C_STEP}] = cStep;`,
    `  ctl[${ROW_END}] = rows;`,
    `  this.simdRun(pool, chunks);`,
    `}`,
    ``,
    ...(calls ? [cutMembers(t, s.cutWork ?? DEFAULT_CUT_WORK, names), ``] : []),
    `/** Publishes the job whose words are written as \`chunks\` chunks, runs chunks itself until none is left, and waits for the others' (see ./control.ts). */`,
    header(t, "simdRun", [`pool: ${pool}`, "chunks: number"]),
    `  const ctl = pool.ctl;`,
    `  pool.seq = (pool.seq + 1) & ${TAG_MASK};`,
    `  Atomics.store(ctl, ${DONE}, 0);`,
    `  Atomics.store(ctl, ${LIMIT}, (pool.seq << ${TAG_SHIFT}) | chunks);`,
    `  Atomics.store(ctl, ${NEXT}, ((pool.seq & ${NEXT_TAG_MASK}) << ${NEXT_TAG_SHIFT}) | chunks);`,
    `  Atomics.add(ctl, ${SEQ}, 1);`,
    `  if (Atomics.load(ctl, ${SLEEP}) > 0) Atomics.notify(ctl, ${SEQ});`,
    `  pool.helped += chunks - this.simdClaim(ctl, pool.vals, pool.fns, pool.faults);`,
    `  // The chunks other threads claimed are running: poll, then sleep until one ends (a descheduled worker gets the core).`,
    `  for (let s = 0, d = Atomics.load(ctl, ${DONE}); d < chunks; d = Atomics.load(ctl, ${DONE}), s++) {`,
    `    if (s < ${CALLER_SPIN} || !pool.canWait) continue;`,
    `    try {`,
    `      Atomics.wait(ctl, ${DONE}, d, 1);`,
    `    } catch {`,
    `      // A browser's main thread may not block: it polls.`,
    `      pool.canWait = false;`,
    `    }`,
    `  }`,
    `  if (Atomics.load(ctl, ${FAILED}) !== 0) this.simdFailed(pool);`,
    `}`,
    ``,
    `/** A chunk of the call just made threw: C is incomplete (with acc, the finished chunks are already added in, so the call is not re-run); stops the pool and throws. */`,
    header(t, "simdFailed", [`pool: ${pool}`], "never"),
    `  Atomics.store(pool.ctl, ${FAILED}, 0);`,
    `  const own = pool.faults.length > 0 ? String(pool.faults[0]) : undefined;`,
    `  pool.faults.length = 0;`,
    `  this.simdClose(pool.ctl.buffer);`,
    `  if (own !== undefined) throw new Error("nnc: a kernel call split over threads failed on the calling thread: " + own);`,
    `  throw new Error("nnc: a worker thread failed in a kernel call" + (pool.errors.length === 0 ? "" : ": " + pool.errors[0]) + "; the model's later calls run on the calling thread alone");`,
    `}`,
    ``,
    `/** Claims and runs chunks of the published call until none is left (the workers run the same loop); returns how many it ran. */`,
    header(t, "simdClaim", ["ctl: Int32Array", "vals: Float64Array", "fns: readonly ((...a: number[]) => void)[]", "faults: unknown[]"], "number"),
    ...claimBody(T("!"), "front").map((l) => `  ${l}`),
    `}`,
    ``,
    `/** Stops the workers of the memory behind \`buffer\`; later calls run on the calling thread alone. */`,
    header(t, "simdClose", ["buffer: ArrayBufferLike"]),
    `  const pool = this.SIMD_POOLS.get(buffer);`,
    `  if (pool === undefined) return;`,
    `  this.SIMD_POOLS.delete(buffer);`,
    `  Atomics.store(pool.ctl, ${STOP}, 1);`,
    `  Atomics.add(pool.ctl, ${SEQ}, 1);`,
    `  Atomics.notify(pool.ctl, ${SEQ});`,
    `  for (const w of pool.workers) void w.terminate();`,
    `  pool.workers.length = 0;`,
    `}`,
  ].join("\n");
}
