/**
 * The matmuls split over worker threads against the same kernels on one thread: both classes are
 * evaluated from the helper text generated classes contain; the split results must be bit-identical
 * (each C element is computed by one kernel call in the same order whatever the split), the workers
 * must really take chunks, close() must stop them, a program must exit by itself with workers
 * started (they are unref'd), a worker whose kernel throws must make the call throw (not hang), and a
 * model dropped without close() must have its workers ended.
 */
import { runInThisContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { matmulHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { simdModule } from "../wasm/module.ts";
import { fillSeeded as fill, runNodeScript, until } from "../test-guarded-arrays.ts";
import { SLEEP } from "./control.ts";
import { sharedModule } from "./shared-module.ts";

type Arr = Float32Array;
type Mm = (A: Arr, ao: number, B: Arr, bo: number, C: Arr, co: number, M: number, N: number, K: number, acc: boolean) => void;
interface Pool {
  readonly ctl: Int32Array;
  readonly threads: number;
  readonly helped: number;
  readonly workers: readonly unknown[];
}
interface Kernels {
  mmNN: Mm;
  mmTN: Mm;
  mmNT: Mm;
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): Float32Array[];
  simdClose(buffer: ArrayBufferLike): void;
  SIMD_POOLS?: WeakMap<ArrayBufferLike, Pool>;
}

/** The WebAssembly API this test uses (the package's lib has no WebAssembly types). */
interface Wasm {
  validate(b: Uint8Array): boolean;
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: ArrayBufferLike };
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => object;
}
const W = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const t = { ts: false, F: "Float32Array" };
const classOf = (helper: string): Kernels =>
  runInThisContext(`(class T {\n${helper}\n${matmulHelper(t, "NN")}\n${matmulHelper(t, "TN")}\n${matmulHelper(t, "NT")}\n})`) as Kernels;
const one = classOf(simdHelper(t));
// Every matmul with two 4-row tiles splits (splitWork 1), over 2 threads whatever the machine has.
const two = classOf(simdHelper(t, { threads: 2, splitWork: 1 }));

const LARGEST = 784 * 128 + 8;
/** One memory per class for every shape below (a memory has one pool: its worker starts once). */
const arrays = new Map<Kernels, Float32Array[]>();

/** C of `form` on `k`'s arrays, operands at offsets 3, 5, 7 (elements); with `acc`, C starts at known values. */
function product(k: Kernels, form: "NN" | "TN" | "NT", M: number, N: number, K: number, acc: boolean): { c: Float32Array; buffer: ArrayBufferLike } {
  if (!arrays.has(k)) arrays.set(k, k.simdArrays([[Float32Array, 784 * 128 + 8], [Float32Array, 784 * 128 + 8], [Float32Array, LARGEST]]));
  const [A, B, C] = arrays.get(k) as [Float32Array, Float32Array, Float32Array];
  fill(A.subarray(0, M * K + 3), 1);
  fill(B.subarray(0, K * N + 5), 2);
  if (acc) fill(C.subarray(0, M * N + 7), 3);
  else C.fill(Number.NaN);
  k[`mm${form}`].call(k, A, 3, B, 5, C, 7, M, N, K, acc);
  return { c: C.slice(7, 7 + M * N), buffer: C.buffer };
}

const opened: ArrayBufferLike[] = [];
afterAll(() => {
  for (const b of opened) two.simdClose(b);
});

describe("matmuls split over worker threads", () => {
  it("declares the shared memory import a shared WebAssembly.Memory instantiates", () => {
    const bytes = sharedModule(simdModule());
    expect(W.validate(bytes)).toBe(true);
    const memory = new W.Memory({ initial: 2, maximum: 2, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(() => new W.Instance(new W.Module(bytes), { env: { memory } })).not.toThrow();
    // The plain module cannot take a shared memory: the class needs both variants.
    expect(() => new W.Instance(new W.Module(simdModule()), { env: { memory } })).toThrow();
  });

  it("places the arrays in a shared memory with a pool of 2 threads", () => {
    const [a] = two.simdArrays([[Float32Array, 16]]) as [Float32Array];
    opened.push(a.buffer);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(two.SIMD_POOLS?.get(a.buffer)?.threads).toBe(2);
    const [b] = one.simdArrays([[Float32Array, 16]]) as [Float32Array];
    expect(b.buffer).toBeInstanceOf(ArrayBuffer);
  });

  const shapes = [
    [8, 8, 1],
    [64, 128, 784],
    [784, 128, 64],
    [64, 10, 128],
    [13, 9, 7],
    [36, 20, 5],
    [1352, 8, 9],
  ] as const;

  it("has the workers take chunks, with results bit-identical to one thread", async () => {
    // The first split starts the workers; they serve later calls once they have instantiated the kernels.
    const first = product(two, "NN", 64, 16, 16, false);
    opened.push(first.buffer);
    const pool = two.SIMD_POOLS?.get(first.buffer);
    expect(pool?.workers).toHaveLength(1);
    expect(await until(() => Atomics.load(pool!.ctl, SLEEP) === 1, 20000)).toBe(true);
    // The worker is asleep in Atomics.wait: each call must wake it and (on a loaded machine, some of the time) let it run chunks.
    const k = two;
    const [A, B, C] = k.simdArrays([[Float32Array, 64 * 784], [Float32Array, 784 * 128], [Float32Array, 64 * 128]]) as [Float32Array, Float32Array, Float32Array];
    opened.push(C.buffer);
    fill(A, 4);
    fill(B, 5);
    const p2 = k.SIMD_POOLS!.get(C.buffer)!;
    const [A1, B1, C1] = one.simdArrays([[Float32Array, 64 * 784], [Float32Array, 784 * 128], [Float32Array, 64 * 128]]) as [Float32Array, Float32Array, Float32Array];
    A1.set(A);
    B1.set(B);
    one.mmNN(A1, 0, B1, 0, C1, 0, 64, 128, 784, false);
    k.mmNN(A, 0, B, 0, C, 0, 64, 128, 784, false);
    expect(await until(() => Atomics.load(p2.ctl, SLEEP) === 1, 20000)).toBe(true);
    // Bounded by time, not tries: on a loaded machine the worker may get no CPU for seconds.
    for (const end = Date.now() + 20000; p2.helped === 0 && Date.now() < end; ) k.mmNN(A, 0, B, 0, C, 0, 64, 128, 784, false);
    expect(p2.helped).toBeGreaterThan(0);
    expect(C).toEqual(C1);
  });

  for (const form of ["NN", "TN", "NT"] as const) {
    for (const [M, N, K] of shapes) {
      for (const acc of [false, true]) {
        it(`${form} ${M}×${N}×${K}${acc ? " accumulated" : ""} is bit-identical split and on one thread`, () => {
          const split = product(two, form, M, N, K, acc);
          opened.push(split.buffer);
          const single = product(one, form, M, N, K, acc);
          expect(split.buffer).toBeInstanceOf(SharedArrayBuffer);
          // Bit-identical, NaN-free: every element is finite and equal.
          expect(split.c.every((v) => Number.isFinite(v))).toBe(true);
          expect([...split.c]).toEqual([...single.c]);
        });
      }
    }
  }

  it("keeps working on one thread after close()", () => {
    const [A, B, C] = two.simdArrays([[Float32Array, 64 * 32], [Float32Array, 32 * 16], [Float32Array, 64 * 16]]) as [Float32Array, Float32Array, Float32Array];
    fill(A, 6);
    fill(B, 7);
    two.mmNN(A, 0, B, 0, C, 0, 64, 16, 32, false);
    const before = [...C];
    two.simdClose(C.buffer);
    expect(two.SIMD_POOLS?.has(C.buffer)).toBe(false);
    C.fill(0);
    two.mmNN(A, 0, B, 0, C, 0, 64, 16, 32, false);
    expect([...C]).toEqual(before);
  });
});

describe("a program whose matmuls started worker threads", () => {
  /** A script with the class, one split call, and then `end` (nothing: the program just ends). */
  const script = (end: string): string =>
    [
      `const T = (class T {\n${simdHelper(t, { threads: 2, splitWork: 1 })}\n${matmulHelper(t, "NN")}\n});`,
      `const [A, B, C] = T.simdArrays([[Float32Array, 64 * 64], [Float32Array, 64 * 64], [Float32Array, 64 * 64]]);`,
      `A.fill(1); B.fill(2);`,
      `T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false);`,
      // Wait until the worker serves (asleep in Atomics.wait), then split once more with it awake.
      `const pool = T.SIMD_POOLS.get(C.buffer);`,
      `const wait = () => (Atomics.load(pool.ctl, ${SLEEP}) === 1 ? go() : setTimeout(wait, 10));`,
      `const go = () => { T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false); console.log(C[0], C[4095], pool.workers.length); ${end} };`,
      `wait();`,
    ].join("\n");

  for (const [what, end] of [["without close()", ""], ["after close()", "T.simdClose(C.buffer);"]] as const) {
    it(`exits by itself ${what}`, () => {
      const r = runNodeScript(script(end));
      expect(r.error).toBeUndefined();
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toBe("128 128 1");
      expect(r.status).toBe(0);
    });
  }
});

describe("a worker whose kernel call throws", () => {
  it("makes the split call throw instead of hanging, and later calls run on the calling thread", () => {
    // The worker's copy of the claim loop throws right after each successful claim; the caller's does not.
    const script = [
      `const T = (class T {\n${simdHelper(t, { threads: 2, splitWork: 1 })}\n${matmulHelper(t, "NN")}\n});`,
      `const marker = "const f = fns[";`,
      `if (!T.WORKER_SOURCE.includes(marker)) throw new Error("no injection point");`,
      `T.WORKER_SOURCE = T.WORKER_SOURCE.replace(marker, "throw new Error('injected fault'); " + marker);`,
      `const [A, B, C] = T.simdArrays([[Float32Array, 64 * 64], [Float32Array, 64 * 64], [Float32Array, 64 * 64]]);`,
      `A.fill(1); B.fill(2);`,
      `T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false);`,
      `const pool = T.SIMD_POOLS.get(C.buffer);`,
      // Once the worker is asleep, each split call wakes it; calls repeat until it claims a chunk.
      `const go = () => {`,
      `  for (let i = 0; i < 20000; i++) {`,
      `    try { T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false); } catch (e) {`,
      `      C.fill(0);`,
      `      T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false);`,
      `      console.log(JSON.stringify({ message: e.message, pooled: T.SIMD_POOLS.has(C.buffer), first: C[0], last: C[4095] }));`,
      `      return;`,
      `    }`,
      `  }`,
      `  console.log("no throw");`,
      `};`,
      `const wait = () => (Atomics.load(pool.ctl, ${SLEEP}) === 1 ? go() : setTimeout(wait, 10));`,
      `wait();`,
    ].join("\n");
    // The timeout only detects a hang (before the fix the caller spun forever); it is no speed bound.
    const r = runNodeScript(script);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { message: string; pooled: boolean; first: number; last: number };
    expect(out.message).toMatch(/^nnc: a worker thread failed in a kernel call/);
    expect(out.pooled).toBe(false);
    // 64 products of 1·2 each, now computed by the calling thread alone.
    expect([out.first, out.last]).toEqual([128, 128]);
  });
});

describe("a model dropped without close()", () => {
  it("has its workers ended once its memory is collected", () => {
    const script = [
      `const T = (class T {\n${simdHelper(t, { threads: 2, splitWork: 1 })}\n${matmulHelper(t, "NN")}\n});`,
      `let workers = null;`,
      `(() => {`,
      `  const [A, B, C] = T.simdArrays([[Float32Array, 4096], [Float32Array, 4096], [Float32Array, 4096]]);`,
      `  T.mmNN(A, 0, B, 0, C, 0, 64, 64, 64, false);`,
      `  workers = T.SIMD_POOLS.get(C.buffer).workers;`,
      `})();`,
      `const w = workers[0];`,
      `workers = null;`,
      `const start = Date.now();`,
      // Node sets a worker's threadId to -1 when its thread has ended.
      `const poll = () => {`,
      `  globalThis.gc();`,
      `  if (w.threadId === -1) console.log("ended");`,
      `  else if (Date.now() - start > 30000) console.log("still running");`,
      `  else setTimeout(poll, 50);`,
      `};`,
      `setTimeout(poll, 200);`,
    ].join("\n");
    const r = runNodeScript(script, ["--expose-gc"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("ended");
  });
});
