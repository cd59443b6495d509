/**
 * Kernel calls cut over worker threads by a count parameter (simdCall, ./cut-code.ts) against the
 * same calls on one thread: fused groups cut by rows (array, row, column and scalar leaves) and by
 * elements, a row reduction, erf, softmax, the batched matmuls, an unpadded convolution cut by images
 * and an optimizer update cut by pairs
 * must give bit-identical results (every row or element is computed by one kernel call as a single
 * call computes it); the worker must really take chunks, a scalar −0 must keep its sign, and the calls
 * a cut would race (a batch adding every product into one C, reductions into one row) must not be cut.
 */
import { runInThisContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { conv2dSimdHelper } from "../helpers/conv.ts";
import { matmulHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { op, type WasmFunction } from "../wasm/encode.ts";
import { erfSimdHelper } from "../wasm/elementwise-erf.ts";
import { binaryLanes, cutSteps, fusedLaneKernel, type FusedLaneSpec } from "../wasm/fused-lanes.ts";
import { mmBatchSimdHelper } from "../wasm/matmul-batch.ts";
import { rowReduceLaneKernel } from "../wasm/row-reduce-lanes.ts";
import { softmaxSimdHelper } from "../wasm/softmax-lanes.ts";
import { viewTransposeSimdHelper } from "../wasm/transpose-lanes.ts";
import { fillSeeded as fill, until } from "../test-guarded-arrays.ts";
import { CONTROL_INTS, FN, LIMIT, MAX_CHUNKS, NEXT, ROWS, SLEEP } from "./control.ts";

type F = Float32Array;
interface Pool {
  readonly ctl: Int32Array;
  readonly helped: number;
}
interface Kernels {
  simdArrays(specs: readonly (readonly [Float32ArrayConstructor, number])[]): F[];
  simdCall(k: object, buffer: ArrayBufferLike, name: string, work: number, at: number, align: number, args: readonly number[], steps: readonly number[]): void;
  simdRun(pool: Pool, chunks: number): void;
  simdClaim(ctl: Int32Array, vals: Float64Array, fns: unknown, faults: unknown[]): number;
  simdClose(buffer: ArrayBufferLike): void;
  erfSimd(x: F, y: F, n: number): number;
  softmaxSimd(x: F, y: F, outer: number, len: number, inner: number): boolean;
  viewTransposeSimd(src: F, sOff: number, dst: F, dOff: number, n0: number, n1: number, R: number, C: number, s0: number, s1: number, d0: number, d1: number, sC: number, dR: number): boolean;
  conv2dSimd(x: F, K: F, y: F, kp: F, N: number, C: number, H: number, W: number, O: number, KH: number, KW: number, s: number, p: number, OH: number, OW: number): boolean;
  mmBatchSimd(form: "mmNN" | "mmTN" | "mmNT", A: F, ao: number, sa: number, B: F, bo: number, sb: number, C: F, co: number, sc: number, count: number, M: number, N: number, K: number, acc: boolean): boolean;
  SIMD_KERNELS: WeakMap<ArrayBufferLike, Record<string, (...a: number[]) => void>>;
  SIMD_POOLS?: WeakMap<ArrayBufferLike, Pool>;
  SIMD_FN?: Record<string, number>;
}

const mul = binaryLanes(op.f64x2Mul);
const add = binaryLanes(op.f64x2Add);
// Each group has two members per array it reads or writes, the least cutSteps cuts.
/** ((a · r + c) · s) · (a · r) over rows: an array, a row, a column and a scalar leaf. */
const ROWS_SPEC: FusedLaneSpec = {
  leaves: ["array", "row", "column", "scalar"],
  members: [
    { code: mul, args: [0, 1] },
    { code: add, args: [4, 2] },
    { code: mul, args: [5, 3] },
    { code: mul, args: [6, 4] },
  ],
};
/** Six members over a, b and a scalar, flat. */
const FLAT_SPEC: FusedLaneSpec = {
  leaves: ["array", "array", "scalar"],
  members: [
    { code: mul, args: [0, 1] },
    { code: add, args: [3, 2] },
    { code: mul, args: [4, 0] },
    { code: add, args: [5, 1] },
    { code: mul, args: [6, 3] },
    { code: add, args: [7, 2] },
  ],
};
/** Each row's Σ ((a · r)² + a) · r (from out's value). */
const ROW_SUM_SPEC = {
  leaves: ["array", "row"],
  members: [
    { code: mul, args: [0, 1] },
    { code: mul, args: [2, 2] },
    { code: add, args: [3, 0] },
    { code: mul, args: [4, 1] },
  ],
  result: 5,
  combineRow: add,
} as const;
const fused: WasmFunction[] = [fusedLaneKernel("fused0", ROWS_SPEC), fusedLaneKernel("fused1", FLAT_SPEC), rowReduceLaneKernel("fused2", ROW_SUM_SPEC)];

const t = { ts: false, F: "Float32Array" };
const helpers = [erfSimdHelper(t), softmaxSimdHelper(t), viewTransposeSimdHelper(t), mmBatchSimdHelper(t), matmulHelper(t, "NN"), conv2dSimdHelper(t)].join("\n");
const classOf = (simd: string): Kernels => runInThisContext(`(class T {\n${simd}\n${helpers}\n})`) as Kernels;
const one = classOf(simdHelper(t, undefined, fused, true, true));
// Every call that can be cut is (cutWork 1), over 2 threads whatever the machine has.
const two = classOf(simdHelper(t, { threads: 2, splitWork: 1, cutWork: 1 }, fused, true, true));

/** The kernel (its FN word) of each job published on `two` (matmul splits and cut calls). */
const jobs: number[] = [];
const realRun = two.simdRun.bind(two);
two.simdRun = (pool, chunks) => {
  jobs.push(pool.ctl[FN]!);
  realRun(pool, chunks);
};

/**
 * While set, the calling thread waits (up to 2 s) for a worker to claim the first chunk of each job
 * before it claims any itself: on a loaded machine a call can otherwise end before the worker gets the
 * CPU, every time (a CI run spent 300 s retrying).
 */
let awaitWorker = false;
const realClaim = two.simdClaim.bind(two);
two.simdClaim = (ctl, vals, fns, faults) => {
  // A worker claims from the back: NEXT's back (its low bits) still LIMIT's chunk count means none has.
  for (const end = Date.now() + 2000; awaitWorker && (Atomics.load(ctl, NEXT) & MAX_CHUNKS) === (Atomics.load(ctl, LIMIT) & MAX_CHUNKS) && Date.now() < end; );
  return realClaim(ctl, vals, fns, faults);
};

const SIZE = 40_000;
/** Six arrays of SIZE floats in one memory per class, filled alike in both, and a seventh for wake(). */
function arraysOf(k: Kernels): F[] {
  const arrays = k.simdArrays([0, 1, 2, 3, 4, 5, 6].map(() => [Float32Array, SIZE] as const));
  fresh(arrays);
  return arrays;
}

/** The six arrays' inputs, the same in both classes. */
function fresh(arrays: readonly F[]): void {
  for (let i = 0; i < 6; i++) fill(arrays[i]!, i + 1);
}
const [a1, a2] = [arraysOf(one), arraysOf(two)];
const pool = two.SIMD_POOLS?.get(a2[0]!.buffer);

afterAll(() => {
  two.simdClose(a2[0]!.buffer);
});

/**
 * Wakes `two`'s worker (a cut call of erf on the seventh array) and waits (at most 2 s) until it is
 * awake: it then polls for the next job for a while, so a call made now finds it ready, not asleep.
 */
function wake(): void {
  const x = a2[6]!;
  two.simdCall(two.SIMD_KERNELS.get(x.buffer)!, x.buffer, "erf32", 1, 2, 4, [x.byteOffset, x.byteOffset, 4096], [4, 4, 0]);
  for (const end = Date.now() + 2000; Atomics.load(pool!.ctl, SLEEP) !== 0 && Date.now() < end; );
}

/**
 * Runs `call` on both classes' arrays (fresh copies of the same inputs) and returns both outputs
 * (output array `out`); on two threads it repeats, each time with the worker just woken, until the
 * worker has taken chunks (at most `tries` times).
 */
function both(call: (k: Kernels, arrays: readonly F[]) => void, out: number, tries = 200): { single: number[]; split: number[]; helped: number } {
  fresh(a1);
  call(one, a1);
  const before = pool?.helped ?? 0;
  let split: number[] = [];
  for (let i = 0; i < tries && (i === 0 || (pool?.helped ?? 0) === before); i++) {
    fresh(a2);
    wake();
    awaitWorker = true;
    try {
      call(two, a2);
    } finally {
      awaitWorker = false;
    }
    split = [...a2[out]!];
  }
  return { single: [...a1[out]!], split, helped: (pool?.helped ?? 0) - before };
}

/** Bit-identical, element by element (Object.is: −0 and +0 differ). */
function expectSameBits(split: readonly number[], single: readonly number[]): void {
  expect(split.length).toBe(single.length);
  const differ = split.flatMap((v, i) => (Object.is(v, single[i]) ? [] : [i]));
  expect(differ.slice(0, 5)).toEqual([]);
}

/** A fused function's call: its args (byte addresses, the scalar, out, rows, m) and cutSteps' steps evaluated for m. */
function fusedCall(k: Kernels, arrays: readonly F[], name: string, spec: FusedLaneSpec, leafArgs: readonly number[], out: F, rows: number, m: number): void {
  const args = [...leafArgs, out.byteOffset, rows, m];
  const how = cutSteps(spec, rows === 1, String(m));
  if (how === null) throw new Error(`${name} cannot be cut`);
  const steps = how.steps.map((s) => runInThisContext(s) as number);
  k.simdCall(k.SIMD_KERNELS.get(out.buffer)!, arrays[0]!.buffer, name, 1, how.at, how.align, args, steps);
}

describe("kernel calls cut over worker threads", () => {
  it("starts the worker at the first cut call", async () => {
    expect(pool).toBeDefined();
    jobs.length = 0;
    two.simdCall(two.SIMD_KERNELS.get(a2[0]!.buffer)!, a2[0]!.buffer, "erf32", 1, 2, 4, [a2[0]!.byteOffset, a2[1]!.byteOffset, 4096], [4, 4, 0]);
    expect(jobs).toEqual([two.SIMD_FN!.erf32]);
    expect(await until(() => Atomics.load(pool!.ctl, SLEEP) === 1, 20000)).toBe(true);
  });

  for (const scalar of [1.5, -0]) {
    it(`a fused group by rows (array, row, column and scalar ${Object.is(scalar, -0) ? "−0" : scalar} leaves) is bit-identical`, () => {
      const [rows, m] = [301, 36];
      const r = both((k, [a, row, col, , , out]) => {
        fusedCall(k, [a!], "fused0", ROWS_SPEC, [a!.byteOffset, row!.byteOffset, col!.byteOffset, scalar], out!, rows, m);
      }, 5);
      expect(r.helped).toBeGreaterThan(0);
      expectSameBits(r.split.slice(0, rows * m), r.single.slice(0, rows * m));
      // The scalar's sign reaches every element: with −0 each product is a signed zero.
      if (Object.is(scalar, -0)) expect(r.split.slice(0, rows * m).every((v) => v === 0) && r.split.some((v) => Object.is(v, -0))).toBe(true);
      // Past the rows, nothing is written.
      expectSameBits(r.split.slice(rows * m), r.single.slice(rows * m));
    });
  }

  it("a flat fused group is cut by elements, four at a time, bit-identical for a count not a multiple of 4", () => {
    const n = 39_999;
    const r = both((k, [a, b, , , , out]) => {
      fusedCall(k, [a!], "fused1", FLAT_SPEC, [a!.byteOffset, b!.byteOffset, 0.25], out!, 1, n);
    }, 5);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
    expect(r.split[n]).toBe(r.single[n]);
  });

  it("a row reduction is cut by rows, one output float a row", () => {
    const [rows, m] = [999, 40];
    const r = both((k, [a, row, , , , out]) => {
      fusedCall(k, [a!], "fused2", ROW_SUM_SPEC, [a!.byteOffset, row!.byteOffset], out!, rows, m);
    }, 5);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
  });

  it("a memory-bound group (fewer than two members an array) is not cut", () => {
    expect(cutSteps({ ...FLAT_SPEC, members: FLAT_SPEC.members.slice(0, 5) }, true, "8")).toBeNull();
    expect(cutSteps(FLAT_SPEC, true, "8")?.steps).toEqual(["4", "4", "0", "4", "0", "0"]);
  });

  it("reductions into one row, and a single row reduced, cannot be cut", () => {
    expect(cutSteps({ ...ROW_SUM_SPEC, combineRow: undefined, combine: add }, false, "8")).toBeNull();
    expect(cutSteps(ROW_SUM_SPEC, true, "8")).toBeNull();
    expect(cutSteps(ROW_SUM_SPEC, false, "8")?.steps).toEqual(["4 * 8", "0", "4", "0", "0"]);
  });

  it("erf is bit-identical cut", () => {
    const r = both((k, [x, , , , , y]) => k.erfSimd(x!, y!, 39_996), 5);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
  });

  it("softmax is bit-identical cut by rows", () => {
    const r = both((k, [x, , , , , y]) => k.softmaxSimd(x!, y!, 2_221, 18, 1), 5);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
  });

  it("a transposing copy is cut by rows of its blocks, four at a time, bit-identical with sides not multiples of 4", () => {
    // Two outer axes (3 × 2) of 45 × 51 blocks (rows 46 floats apart in the source, 53 in the destination), offsets 3 and 5: R = 45 cut into chunks of 4.
    const r = both((k, [x, , , , , y]) => {
      expect(k.viewTransposeSimd(x!, 3, y!, 5, 3, 2, 45, 51, 4_700, 2_350, 4_800, 2_400, 46, 53)).toBe(true);
    }, 5);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
    // dst(k0, k1, i, j) = src(k0, k1, j, i): the last element of the last block.
    expect(r.split[5 + 2 * 4_800 + 2_400 + 44 * 53 + 50]).toBe(a1[0]![3 + 2 * 4_700 + 2_350 + 44 + 50 * 46]);
  });

  for (const form of ["mmNN", "mmTN", "mmNT"] as const) {
    it(`${form}Batch is bit-identical cut, with a shared lhs and accumulated`, () => {
      const [count, M, N, K] = [40, 8, 12, 16];
      const r = both((k, [A, B, , , , C]) => {
        expect(k.mmBatchSimd(form, A!, 3, M * K, B!, 5, K * N, C!, 7, M * N, count, M, N, K, false)).toBe(true);
        expect(k.mmBatchSimd(form, A!, 11, 0, B!, 13, K * N, C!, 7, M * N, count, M, N, K, true)).toBe(true);
      }, 5);
      expect(r.helped).toBeGreaterThan(0);
      expectSameBits(r.split, r.single);
    });
  }

  for (const [s, H, OH] of [[1, 12, 10], [2, 13, 6]] as const) {
    it(`an unpadded convolution (stride ${s}) is bit-identical cut by images`, () => {
      const r = both((k, [x, K, kp, , , y]) => {
        expect(k.conv2dSimd(x!, K!, y!, kp!, 8, 2, H, H, 5, 3, 3, s, 0, OH, OH)).toBe(true);
      }, 5);
      expect(r.helped).toBeGreaterThan(0);
      expectSameBits(r.split, r.single);
    });
  }

  it("an optimizer update (adam) is bit-identical cut by pairs, its odd last element left to the caller", () => {
    const n = 39_999;
    const r = both((k, [w, g, m, v]) => {
      for (let i = 0; i < n; i++) v![i] = Math.abs(v![i]!);
      const args = [w!.byteOffset, g!.byteOffset, m!.byteOffset, v!.byteOffset, n, 0.9, 1 - 0.9, 0.999, 1 - 0.999, 0.001, 0.03, 1e-8];
      k.simdCall(k.SIMD_KERNELS.get(w!.buffer)!, w!.buffer, "adam", 1, 4, 2, args, [4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
    }, 0);
    expect(r.helped).toBeGreaterThan(0);
    expectSameBits(r.split, r.single);
    // The kernel covers n − n % 2 elements: the last keeps its value (fill's seed 1).
    const w = new Float32Array(SIZE);
    fill(w, 1);
    expect(r.split[n - 1]).toBe(w[n - 1]);
    expect(r.split[n - 2]).not.toBe(w[n - 2]);
  });

  it("does not cut a batch adding every product into one C", () => {
    jobs.length = 0;
    const r = both((k, [A, B, , , , C]) => {
      expect(k.mmBatchSimd("mmNN", A!, 0, 64, B!, 0, 64, C!, 0, 0, 300, 8, 8, 8, true)).toBe(true);
    }, 5, 1);
    // Only wake()'s erf call was cut (one try: the batch is never cut, so retrying could not help).
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter((fn) => fn !== two.SIMD_FN!.erf32)).toEqual([]);
    expectSameBits(r.split, r.single);
  });

  it("does not cut a padded convolution (its images share one pad scratch)", () => {
    jobs.length = 0;
    const r = both((k, [x, K, kp, , , y]) => {
      expect(k.conv2dSimd(x!, K!, y!, kp!, 8, 2, 12, 12, 5, 3, 3, 1, 1, 12, 12)).toBe(true);
    }, 5, 1);
    expect(jobs.filter((fn) => fn !== two.SIMD_FN!.erf32)).toEqual([]);
    expectSameBits(r.split, r.single);
  });
});

describe("chunks a call is cut into", () => {
  /** What a class of `--threads 64` publishes for a call (its simdRun replaced: nothing runs). */
  interface Published {
    readonly chunks: number;
    readonly per: number;
  }
  type Split = (pool: object, fn: number, mode: number, a: number, b: number, c: number, M: number, N: number, K: number, acc: number, aStep: number, cStep: number) => void;
  const many = classOf(simdHelper(t, { threads: 64, splitWork: 1, cutWork: 1 }, fused, true, true)) as Kernels & { simdSplit: Split };
  const published: Published[] = [];
  many.simdRun = (p, chunks) => void published.push({ chunks, per: p.ctl[ROWS]! });
  const fakePool = (): { started: boolean; threads: number; ctl: Int32Array; vals: Float64Array } => {
    const ctl = new Int32Array(CONTROL_INTS);
    return { started: true, threads: 64, ctl, vals: new Float64Array(ctl.buffer) };
  };

  it("stay below 1,024 with 64 threads (32 a thread would overflow NEXT's and LIMIT's chunk fields), covering every row", () => {
    published.length = 0;
    many.simdSplit(fakePool(), 0, 1, 0, 0, 0, 65_536, 16, 16, 0, 64, 64);
    const buffer = new ArrayBuffer(16);
    many.SIMD_POOLS!.set(buffer, fakePool() as unknown as Pool);
    many.simdCall({}, buffer, "erf32", 1e12, 2, 4, [0, 0, 1_000_000], [4, 4, 0]);
    expect(published).toHaveLength(2);
    const [split, cut] = published as [Published, Published];
    expect([split.chunks, cut.chunks].every((c) => c <= MAX_CHUNKS && c >= 900)).toBe(true);
    expect(split.per * split.chunks).toBeGreaterThanOrEqual(65_536);
    expect(split.per * (split.chunks - 1)).toBeLessThan(65_536);
    expect(cut.per * cut.chunks).toBeGreaterThanOrEqual(1_000_000);
    expect(cut.per * (cut.chunks - 1)).toBeLessThan(1_000_000);
  });
});
