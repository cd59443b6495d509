/**
 * The relaxed-SIMD matmuls (./relaxed.ts) and their fallback. Node 20 compiles relaxed SIMD only with
 * --experimental-wasm-relaxed-simd, so the kernels themselves run in a child process started with
 * it; this process checks the fallback (the class runs the plain kernels where the module does not
 * compile) and that every relaxed export matches a plain one.
 *
 * The probe products tell the two kernels apart: with a0 = 1 + 2⁻¹¹, b0 = 1, a1 = 1 + 2⁻¹², b1 =
 * −(1 + 2⁻¹²), a0·b0 + a1·b1 = −2⁻²⁴ exactly. f32x4.mul rounds a1·b1 to −(1 + 2⁻¹¹) (a tie, to even)
 * and the sum is 0; a fused multiply-add keeps −2⁻²⁴. Which one relaxed_madd gives is the engine's
 * (and the CPU's) choice, read from a one-instruction probe module.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { matmulHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { mmBatchSimdHelper } from "./matmul-batch.ts";
import { convKernels } from "./conv-simd.ts";
import { encodeModule, F32, I32, op } from "./encode.ts";
import { simdExports } from "./module.ts";
import { relaxedKernels, relaxedModule } from "./relaxed.ts";
import { runNodeScript } from "../test-guarded-arrays.ts";

const t = { ts: false, F: "Float32Array" };
const helpers = (simd: string): string => [simd, matmulHelper(t, "NN"), matmulHelper(t, "TN"), matmulHelper(t, "NT"), mmBatchSimdHelper(t)].join("\n");
/** One thread (with simdCall for the batch helper), and two threads splitting every matmul with two 4-row tiles. */
const ONE = helpers(simdHelper(t, undefined, [], true, true));
const TWO = helpers(simdHelper(t, { threads: 2, splitWork: 1 }, [], true, true));

/** probe(at) = lane 0 of relaxed_madd(splat f32[at], splat f32[at + 4], splat f32[at + 8]). */
const PROBE = encodeModule([
  {
    name: "probe",
    params: [I32],
    locals: [],
    results: [F32],
    body: [...op.get(0), ...op.load32Splat(0), ...op.get(0), ...op.load32Splat(4), ...op.get(0), ...op.load32Splat(8), ...op.f32x4RelaxedMadd, ...op.f32x4Extract(0)],
  },
]);

interface Wasm {
  validate(b: Uint8Array): boolean;
}
const W = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/**
 * The child's script: for each form, C = op(A)·op(B) with M = N = 8, K = 2 (every row and column the
 * probe's products) and with M = 64, N = 40, K = 33 (seeded operands, checked against float64 sums),
 * on the one-thread class with relaxed SIMD, without it (RELAXED_SIMD = false before its memory is
 * made), and on the two-thread class; then the batch form.
 */
function childScript(): string {
  return `
const ONE = (class One {\n${ONE}\n});
const OFF = (class Off {\n${ONE}\n});
OFF.RELAXED_SIMD = false;
const TWO = (class Two {\n${TWO}\n});
const probeMemory = new WebAssembly.Memory({ initial: 1 });
const probe = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([${[...PROBE].join(",")}])), { env: { memory: probeMemory } }).exports.probe;
const a0 = 1 + 2 ** -11, a1 = 1 + 2 ** -12, b1 = -(1 + 2 ** -12);
new Float32Array(probeMemory.buffer).set([a1, b1, a0]);
const out = { probe: probe(0), relaxed: { One: ONE.simdRelaxed(false) !== null, Off: OFF.simdRelaxed(false) !== null, Two: TWO.simdRelaxed(true) !== null }, tiny: {}, worst: {}, same: {} };
const arrays = new Map();
const mem = (T) => arrays.get(T) ?? (arrays.set(T, T.simdArrays([[Float32Array, 4096], [Float32Array, 4096], [Float32Array, 4096]])), arrays.get(T));
function seeded(a, seed) { let s = seed; for (let i = 0; i < a.length; i++) { s = (s * 1103515245 + 12345) % 2147483648; a[i] = s / 1073741824 - 1; } }
// A[i, p] and B[p, j] of op(A)·op(B), stored as the form says.
const at = { NN: [(i, p, M, K) => i * K + p, (p, j, K, N) => p * N + j], TN: [(i, p, M, K) => p * M + i, (p, j, K, N) => p * N + j], NT: [(i, p, M, K) => i * K + p, (p, j, K, N) => j * K + p] };
function run(T, form, M, N, K, fillA, fillB) {
  const [A, B, C] = mem(T);
  const [ia, ib] = at[form];
  for (let i = 0; i < M; i++) for (let p = 0; p < K; p++) A[ia(i, p, M, K)] = fillA(i, p);
  for (let p = 0; p < K; p++) for (let j = 0; j < N; j++) B[ib(p, j, K, N)] = fillB(p, j);
  C.fill(NaN);
  T["mm" + form](A, 0, B, 0, C, 0, M, N, K, false);
  return C.slice(0, M * N);
}
const av = new Float32Array(64 * 33), bv = new Float32Array(33 * 40);
seeded(av, 1); seeded(bv, 2);
for (const form of ["NN", "TN", "NT"]) {
  for (const [name, T] of [["One", ONE], ["Off", OFF], ["Two", TWO]]) {
    const c = run(T, form, 8, 8, 2, (i, p) => (p === 0 ? a0 : a1), (p, j) => (p === 0 ? 1 : b1));
    (out.tiny[form] ??= {})[name] = [...new Set(c)];
    const big = run(T, form, 64, 40, 33, (i, p) => av[i * 33 + p], (p, j) => bv[p * 40 + j]);
    let worst = 0;
    for (let i = 0; i < 64; i++) for (let j = 0; j < 40; j++) {
      let s = 0, abs = 0;
      for (let p = 0; p < 33; p++) { s += av[i * 33 + p] * bv[p * 40 + j]; abs += Math.abs(av[i * 33 + p] * bv[p * 40 + j]); }
      worst = Math.max(worst, Math.abs(big[i * 40 + j] - s) / abs);
    }
    (out.worst[form] ??= {})[name] = worst;
    (out.same[form] ??= {})[name] = Array.from(big);
  }
}
// The batch form: two 8×8×2 probe products, one call.
{
  const [A, B, C] = mem(ONE);
  for (let t = 0; t < 2; t++) for (let i = 0; i < 8; i++) { A[t * 16 + i * 2] = a0; A[t * 16 + i * 2 + 1] = a1; }
  for (let j = 0; j < 8; j++) { B[j] = 1; B[8 + j] = b1; }
  C.fill(NaN);
  out.batch = [ONE.mmBatchSimd("mmNN", A, 0, 16, B, 0, 0, C, 0, 64, 2, 8, 8, 2, false), [...new Set(C.slice(0, 128))]];
}
for (const form of ["NN", "TN", "NT"]) out.same[form] = out.same[form].One.every((v, i) => Object.is(v, out.same[form].Two[i]));
console.log(JSON.stringify(out));
process.exit(0);
`;
}

/**
 * The convolutions: the plain and the relaxed kernels on one memory, on seeded x, K (packed) and dy
 * in [−1, 1), unpadded: stride 1 with OW = 8, with OW = 7 (a gradient row's masked last step) and 5
 * filters, and stride 2. Prints whether the engine's relaxed_madd fuses (the probe) and, per shape and
 * kernel, the largest |relaxed − plain| and whether any element differs.
 */
function convScript(): string {
  return `
const memory = new WebAssembly.Memory({ initial: 16 });
const inst = (b) => new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(b)), { env: { memory } }).exports;
const plain = inst([${[...encodeModule(convKernels())].join(",")}]);
const relaxed = inst([${[...relaxedModule()].join(",")}]);
const probe = inst([${[...PROBE].join(",")}]).probe;
const f32 = new Float32Array(memory.buffer);
f32.set([1 + 2 ** -12, -(1 + 2 ** -12), 1 + 2 ** -11]);
const fused = probe(0) !== 0;
function seeded(at, n, seed) { let s = seed; for (let i = 0; i < n; i++) { s = (s * 1103515245 + 12345) % 2147483648; f32[at + i] = s / 1073741824 - 1; } }
const out = [];
for (const [N, C, H, W, O, s] of [[2, 3, 10, 10, 8, 1], [2, 2, 9, 9, 5, 1], [2, 1, 11, 11, 8, 2]]) {
  const OH = Math.floor((H - 3) / s) + 1, OW = Math.floor((W - 3) / s) + 1, ckk = C * 9;
  // Float offsets: x, packed K, dy, then two outputs of each kernel.
  const x = 0, kp = x + N * C * H * W, dy = kp + Math.ceil(O / 4) * 4 * ckk, y1 = dy + N * O * OH * OW, y2 = y1 + N * O * OH * OW, k1 = y2 + N * O * OH * OW, k2 = k1 + O * ckk;
  seeded(x, N * C * H * W, 1); seeded(kp, Math.ceil(O / 4) * 4 * ckk, 2); seeded(dy, N * O * OH * OW, 3);
  const args = (from, to) => [4 * x, 4 * from, 4 * to, 0, N, C, H, W, O, 3, 3, 0, 0, OH, OW];
  const compare = (a, b, n) => { let worst = 0, differ = false; for (let i = 0; i < n; i++) { worst = Math.max(worst, Math.abs(f32[a + i] - f32[b + i])); differ ||= !Object.is(f32[a + i], f32[b + i]); } return { worst, differ, ckk }; };
  plain["conv2dS" + s](...args(kp, y1)); relaxed["conv2dS" + s](...args(kp, y2));
  out.push({ kernel: "conv2dS" + s, shape: [N, C, H, W, O], ...compare(y1, y2, N * O * OH * OW) });
  plain["conv2dGradS" + s](...args(dy, k1)); relaxed["conv2dGradS" + s](...args(dy, k2));
  out.push({ kernel: "conv2dGradS" + s, shape: [N, C, H, W, O], ...compare(k1, k2, O * ckk), terms: N * OH * OW });
}
console.log(JSON.stringify({ fused, rows: out }));
`;
}

/** Runs `script` in a child node with relaxed SIMD enabled; its printed JSON. */
function runFlagged(script: string): unknown {
  const r = runNodeScript(script, ["--experimental-wasm-relaxed-simd"]);
  expect(r.error).toBeUndefined();
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

interface ChildOut {
  probe: number;
  relaxed: Record<"One" | "Off" | "Two", boolean>;
  tiny: Record<string, Record<"One" | "Off" | "Two", number[]>>;
  worst: Record<string, Record<"One" | "Off" | "Two", number>>;
  same: Record<string, boolean>;
  batch: [boolean, number[]];
}

describe("relaxed-SIMD matmuls", () => {
  it("export the plain kernels' names and signatures", () => {
    const plain = new Map(simdExports().map((e) => [e.name, e]));
    const relaxed = relaxedKernels();
    expect(relaxed.map((k) => k.name)).toEqual(["mmNN", "mmTN", "mmNT", "mmNNP", "mmNNBatch", "mmTNBatch", "mmNTBatch", "conv2dS1", "conv2dS2", "conv2dGradS1", "conv2dGradS2"]);
    for (const k of relaxed) {
      const e = plain.get(k.name);
      expect(e, k.name).toBeDefined();
      expect([...k.params], k.name).toEqual(e!.params.map((p) => ({ i32: I32, f32: F32, f64: 0x7c })[p]));
      expect(k.results ?? [], k.name).toEqual([]);
    }
  });

  it("are taken exactly where the engine compiles relaxed SIMD; elsewhere the plain kernels run", () => {
    const One = runInThisContext(`(class One {\n${ONE}\n})`) as { simdRelaxed(shared: boolean): object | null; RELAXED_SIMD: boolean };
    const compiles = W.validate(relaxedModule());
    expect(W.validate(PROBE)).toBe(compiles);
    expect(One.simdRelaxed(false) !== null).toBe(compiles);
    One.RELAXED_SIMD = false;
    expect(One.simdRelaxed(false)).toBeNull();
  });

  it("compute each form with relaxed_madd under --experimental-wasm-relaxed-simd, on one thread and split, and not with RELAXED_SIMD = false", () => {
    const out = runFlagged(childScript()) as ChildOut;
    expect(out.relaxed).toEqual({ One: true, Off: false, Two: true });
    // The engine's relaxed_madd: fused (−2⁻²⁴) on a CPU with FMA, else the plain sum (0).
    expect([-(2 ** -24), 0]).toContain(out.probe);
    for (const form of ["NN", "TN", "NT"]) {
      expect(out.tiny[form], form).toEqual({ One: [out.probe], Off: [0], Two: [out.probe] });
      for (const k of ["One", "Off", "Two"] as const) expect(out.worst[form]![k], `${form} ${k}`).toBeLessThan(33 * 2 ** -23);
      expect(out.same[form], `${form}: split bits = one-thread bits`).toBe(true);
    }
    expect(out.batch).toEqual([true, [out.probe]]);
  });

  it("convolve within f32 rounding of the plain kernels under --experimental-wasm-relaxed-simd, and differ from them where relaxed_madd fuses", () => {
    const { fused, rows } = runFlagged(convScript()) as { fused: boolean; rows: { kernel: string; shape: number[]; worst: number; differ: boolean; ckk: number; terms?: number }[] };
    expect(rows.map((r) => r.kernel)).toEqual(["conv2dS1", "conv2dGradS1", "conv2dS1", "conv2dGradS1", "conv2dS2", "conv2dGradS2"]);
    for (const r of rows) {
      // Each of the two sums is within (terms)·2⁻²³·Σ|term| of the exact one, every |term| < 1.
      const terms = r.terms ?? r.ckk;
      expect(r.worst, `${r.kernel} ${r.shape.join("×")}`).toBeLessThan(2 * terms * terms * 2 ** -23);
      expect(r.differ, `${r.kernel} ${r.shape.join("×")}`).toBe(fused);
    }
  });
});
