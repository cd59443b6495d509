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
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { matmulHelper } from "../helpers/matmul.ts";
import { simdHelper } from "../helpers/simd.ts";
import { mmBatchSimdHelper } from "./matmul-batch.ts";
import { encodeModule, F32, I32, op } from "./encode.ts";
import { simdExports } from "./module.ts";
import { relaxedKernels, relaxedModule } from "./relaxed.ts";

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
    expect(relaxed.map((k) => k.name)).toEqual(["mmNN", "mmTN", "mmNT", "mmNNBatch", "mmTNBatch", "mmNTBatch"]);
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
    // A file, not -e: the script (two classes' kernels) is longer than one argument may be.
    const dir = mkdtempSync(join(tmpdir(), "nnc-relaxed-"));
    const file = join(dir, "child.cjs");
    writeFileSync(file, childScript());
    const r = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", file], { encoding: "utf8", timeout: 280_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as ChildOut;
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
});
