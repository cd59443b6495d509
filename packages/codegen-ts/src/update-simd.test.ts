/**
 * The SIMD optimizer updates against the JS element loops they stand in for: the update lines generated
 * with and without `simd` run on the same f32 parameters, gradients and state (the SIMD run's arrays in a
 * WebAssembly memory with the kernels of ../wasm/module.ts), and must agree bit for bit after several
 * steps, for every optimizer and decay variant with a kernel, on even and odd sizes (the odd element is
 * the JS loop's) and at nonzero offsets in the memory. Optimizers without a kernel, clipped gradients and
 * arrays outside the memory take the JS loop alone, with the same results.
 */
import { OPTIMIZERS, type UpdateSettings } from "@nnc/ops";
import type { ClipSetting, OptimizerKind, SettingValue } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { updateCode, type UpdateParam } from "./optimizer.ts";
import { zeroSumBody } from "./update-simd.ts";
import { simdModule } from "./wasm/module.ts";

interface Kernels {
  readonly SIMD_KERNELS: WeakMap<ArrayBufferLike, unknown>;
}

/** The WebAssembly API (the package's lib has no DOM or WebAssembly types). */
interface Wasm {
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (b: Uint8Array) => object;
  Instance: new (m: object, i: object) => { exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const SIZES = [37, 64, 1, 6];
const PARAMS: UpdateParam[] = SIZES.map((size, k) => ({ id: `p${k}`, w: `w${k}`, g: `g${k}`, size, rank: k % 2 === 0 ? 2 : 1 }));
const STEPS = 4;

function fill(a: Float32Array, seed: number, scale: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < a.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = (s / 4294967296 - 0.5) * scale;
  }
}

/** Allocates f32 arrays of the given sizes: in one WebAssembly memory with the kernels (3 floats apart), or plain. */
function allocator(inMemory: boolean, calls: string[]): { alloc: (n: number) => Float32Array; cls: Kernels } {
  const cls: Kernels = { SIMD_KERNELS: new WeakMap() };
  if (!inMemory) return { alloc: (n) => new Float32Array(n), cls };
  const memory = new WASM.Memory({ initial: 1 });
  const instance = new WASM.Instance(new WASM.Module(simdModule()), { env: { memory } });
  // Every export, wrapped to record the calls.
  const exports = instance.exports as Record<string, (...a: number[]) => number | undefined>;
  const counted = Object.fromEntries(
    Object.entries(exports).map(([name, f]) => [
      name,
      (...a: number[]) => {
        calls.push(name);
        return f(...a);
      },
    ]),
  );
  cls.SIMD_KERNELS.set(memory.buffer, counted);
  let at = 12;
  return {
    alloc: (n) => {
      const a = new Float32Array(memory.buffer, at, n);
      at += 4 * n + 12;
      return a;
    },
    cls,
  };
}

/** Runs STEPS updates from the generated lines; returns every parameter and state array after them. */
function run(train: UpdateSettings, simd: boolean, inMemory: boolean, calls: string[] = []): number[][] {
  const code = updateCode(train, PARAMS, simd ? { className: "Cls", ts: false } : undefined);
  const { alloc, cls } = allocator(inMemory, calls);
  const self: Record<string, unknown> = {};
  const arrays: Float32Array[] = [];
  for (const s of code.state) {
    const a = s.float ? alloc(s.size) : new Float64Array(s.size);
    self[s.field] = a;
    if (a instanceof Float32Array) arrays.push(a);
  }
  const w = PARAMS.map((p) => alloc(p.size));
  const g = PARAMS.map((p) => alloc(p.size));
  w.forEach((a, k) => {
    fill(a, 10 + k, 2);
  });
  const names = PARAMS.flatMap((p) => [p.w, p.g]);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the generated code is what this test checks
  const step = new Function("Cls", ...names, code.lines.join("\n")) as (cls: Kernels, ...a: Float32Array[]) => void;
  for (let t = 0; t < STEPS; t++) {
    g.forEach((a, k) => {
      fill(a, 100 * t + k, t === 2 ? 1e-3 : 1);
    });
    self.lr = [0.1, 0.05, 0.02, 0.3][t];
    step.call(self, cls, ...PARAMS.flatMap((_p, k) => [w[k]!, g[k]!]));
  }
  return [...w, ...arrays].map((a) => [...a]);
}

function settings(kind: OptimizerKind, over: Record<string, SettingValue>, decayAll = false, clip: ClipSetting | null = null): UpdateSettings {
  const args = { ...Object.fromEntries(OPTIMIZERS[kind].args.map((a) => [a.name, a.default ?? 0.1])), ...over };
  return { optimizer: { kind, args, decayAll }, clip };
}

/** Label, settings, and the kernel of the rank-2 and the rank-1 parameters (one name: both; null: none). */
const CASES: [string, UpdateSettings, string | readonly [string, string] | null][] = [
  ["sgd", settings("sgd", { lr: 0.1 }), "sgd"],
  ["sgd with L2 decay (rank ≥ 2 only)", settings("sgd", { lr: 0.1, weight_decay: 0.2 }), ["sgdL2", "sgd"]],
  ["sgd with L2 decay on all", settings("sgd", { lr: 0.1, weight_decay: 0.2 }, true), "sgdL2"],
  ["sgd momentum", settings("sgd", { lr: 0.1, momentum: 0.9 }), "momentum"],
  ["sgd momentum with L2 decay", settings("sgd", { lr: 0.1, momentum: 0.9, weight_decay: 0.05 }), ["momentumL2", "momentum"]],
  ["sgd nesterov", settings("sgd", { lr: 0.1, momentum: 0.8, nesterov: true }), "nesterov"],
  ["sgd nesterov with L2 decay", settings("sgd", { lr: 0.1, momentum: 0.8, nesterov: true, weight_decay: 0.1 }, true), "nesterovL2"],
  ["adam", settings("adam", {}), "adam"],
  ["adam with L2 decay", settings("adam", { weight_decay: 0.1 }), ["adamL2", "adam"]],
  ["adamw", settings("adamw", {}), ["adamDecoupled", "adam"]],
  ["adamw on all", settings("adamw", { weight_decay: 0.3, beta2: 0.95 }, true), "adamDecoupled"],
  ["adamw without decay", settings("adamw", { weight_decay: 0 }), "adam"],
  ["rmsprop (no kernel)", settings("rmsprop", { momentum: 0.5 }), null],
  ["adagrad (no kernel)", settings("adagrad", {}), null],
  ["lion (no kernel)", settings("lion", { weight_decay: 0.1 }), null],
  // global_norm clipping scales the gradient: the kernels take the scale; value clipping clamps it: the JS loop.
  ["adam with a gradient clipped by global norm", settings("adam", {}, false, { kind: "global_norm", args: { max_norm: 1 } }), "adam"],
  ["adamw clipped by global norm", settings("adamw", { weight_decay: 0.3 }, true, { kind: "global_norm", args: { max_norm: 0.5 } }), "adamDecoupled"],
  ["sgd nesterov with L2 decay clipped by global norm", settings("sgd", { lr: 0.1, momentum: 0.8, nesterov: true, weight_decay: 0.1 }, true, { kind: "global_norm", args: { max_norm: 0.7 } }), "nesterovL2"],
  ["adam with a gradient clipped by value (no kernel)", settings("adam", {}, false, { kind: "value", args: { limit: 0.2 } }), null],
];

describe("SIMD optimizer updates", () => {
  for (const [label, train, kernel] of CASES) {
    it(`${label}: bit-identical to the JS loop`, () => {
      const lines = updateCode(train, PARAMS, { className: "Cls", ts: false }).lines.join("\n");
      const [k2, k1] = kernel === null ? [null, null] : typeof kernel === "string" ? [kernel, kernel] : kernel;
      if (k2 === null) expect(lines).not.toContain("_k.");
      else expect(lines).toContain(`_k.${k2}(`);
      const loop = run(train, false, false);
      const calls: string[] = [];
      const simd = run(train, true, true, calls);
      // Every parameter but the size-1 one (sizes 37, 64, 1, 6; ranks 2, 1, 2, 1), every step.
      expect(calls).toEqual(k2 === null ? [] : new Array<string[]>(STEPS).fill([k2, k1, k1]).flat());
      // The updates moved the parameters from their initial values.
      const initial = new Float32Array(SIZES[0]!);
      fill(initial, 10, 2);
      expect(loop[0]!.filter((x, i) => x !== initial[i]).length).toBeGreaterThan(30);
      for (let k = 0; k < loop.length; k++) expect(simd[k], `array ${k}`).toEqual(loop[k]);
      // Arrays outside the kernels' memory: the loop alone, the same result.
      expect(run(train, true, false)).toEqual(loop);
    });
  }

  it("a size-1 parameter takes the loop (the kernels do pairs)", () => {
    const lines = updateCode(settings("sgd", { lr: 0.1 }), [{ id: "b", w: "b", g: "db", size: 1, rank: 1 }], { className: "Cls", ts: false }).lines.join("\n");
    expect(lines).not.toContain("_k");
  });

  it("the TS form types the kernels it calls", () => {
    const lines = updateCode(settings("adam", {}), PARAMS, { className: "Cls", ts: true }).lines.join("\n");
    expect(lines).toContain("Cls.SIMD_KERNELS.get(_mem) as unknown as { adam: (...a: number[]) => void } | undefined;");
  });

  it("zeroSum is 0 for finite gradients and NaN for any NaN or ±Infinity, in each accumulator of the kernel and the loop's tail", () => {
    const calls: string[] = [];
    const { alloc, cls } = allocator(true, calls);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the generated code is what this test checks
    const simd = new Function("Cls", "g", "n", zeroSumBody(false, { className: "Cls" }).join("\n")) as (c: Kernels, g: Float32Array, n: number) => number;
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the JS-only body, for comparison
    const plain = new Function("g", "n", zeroSumBody(false).join("\n")) as (g: Float32Array, n: number) => number;
    // 70 = 4 steps of 16 (four accumulators), one of 4 (one accumulator), a JS tail of 2; shorter counts below.
    const n = 70;
    const g = alloc(n);
    fill(g, 5, 1e30);
    expect(simd(cls, g, n)).toBe(0);
    expect(calls).toEqual(["zeroSum"]);
    for (const bad of [Number.NaN, Infinity, -Infinity]) {
      for (let at = 0; at < n; at++) {
        const saved = g[at]!;
        g[at] = bad;
        expect(simd(cls, g, n), `${bad} at ${at}`).toBeNaN();
        expect(plain(g, n)).toBeNaN();
        // Not reached by a shorter count (the kernel covers exactly n − n % 4 elements).
        expect(simd(cls, g, at)).toBe(0);
        g[at] = saved;
      }
    }
    expect(plain(new Float32Array(3), 3)).toBe(0);
  });
});
