/**
 * The SIMD runtime of a generated class: the kernel module's bytes (../wasm/module.ts assembles them
 * when the code is generated; its simdExports() list types and binds the exports), `simdArrays`, which
 * places every planned buffer in one WebAssembly memory and instantiates the kernels on it, and the
 * registry the kernel helpers consult. Where WebAssembly or its SIMD is missing, `simdArrays` returns
 * plain arrays and the helpers take their scalar path: the scalar kernel stays the reference and the
 * fallback.
 * With thread settings (../threads/), the memory is shared where SharedArrayBuffer and Atomics exist
 * and more than one thread is wanted, and simdMm splits large matmuls over worker threads by rows of
 * C; everywhere else the class runs as without them.
 */
import type { WasmFunction } from "../wasm/encode.ts";
import { ROW_SPLIT, simdExports, simdExportsType, simdModule } from "../wasm/module.ts";
import { relaxedKernels, relaxedModule } from "../wasm/relaxed.ts";
import { CONTROL_INTS, SHARE } from "../threads/control.ts";
import { simdCallHelper } from "../threads/cut-code.ts";
import { threadMembers, type ThreadSettings } from "../threads/pool-code.ts";
import { sharedSplice } from "../threads/shared-module.ts";
import { header, type HelperTarget } from "./signature.ts";

const ANY = "Float32Array | Float64Array | Int32Array | Uint8Array";
const CTOR = `{ new (n: number): ${ANY}; new (b: ArrayBufferLike, at: number, n: number): ${ANY}; readonly BYTES_PER_ELEMENT: number }`;
const WASM =
  "{ validate: (b: Uint8Array) => boolean; Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBuffer | SharedArrayBuffer }; Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } }";
/** The matmul exports simdMm dispatches (mmNNP: B in 16-column panels, ../wasm/matmul-simd.ts). */
const MATMULS = ["mmNN", "mmTN", "mmNT", "mmNNP"] as const;
/** Forms whose A is stored with the rows of op(A) contiguous: a chunk of C rows can offset A and C instead. */
const ROW_OFFSET_FORMS: ReadonlySet<string> = new Set(["mmNN", "mmNT"]);

/**
 * How simdSplit can cut each matmul export by rows of C: its FN index and mode (1: the kernel takes a
 * row range, wasm/module.ts's ROW_SPLIT; 0: a 7-parameter kernel on offset A and C), or absent.
 */
function splitTable(): Map<string, readonly [number, number]> {
  const out = new Map<string, readonly [number, number]>();
  const exports = simdExports();
  for (const name of MATMULS) {
    const fn = exports.findIndex((e) => e.name === name);
    if (fn < 0) continue;
    if (ROW_SPLIT.includes(name)) out.set(name, [fn, 1]);
    else if (exports[fn]!.params.length === 7 && ROW_OFFSET_FORMS.has(name)) out.set(name, [fn, 0]);
  }
  return out;
}

/** `bytes` as base64 text, which btoa takes one character a byte. */
function base64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(text);
}

/**
 * An expression making `bytes` when the class loads, from base64 text: a third of the decimal list's
 * length, and quicker to parse and decode (≈ 2 ms for 40 KB) than that list. Where there is no atob
 * (every browser, Worker and Node ≥ 16 has it) it makes no bytes: no module compiles, and the class
 * takes plain arrays as where WebAssembly is missing.
 */
function bytesExpression(t: HelperTarget, bytes: Uint8Array): string {
  const T = (s: string): string => (t.ts ? s : "");
  const text = `(globalThis${T(" as unknown as { atob?: (s: string) => string }")}).atob?.("${base64(bytes)}") ?? ""`;
  return `((a${T(": string")}) => new Uint8Array(a.length).map((_, i) => a.charCodeAt(i)))(${text})`;
}

/**
 * `threads`: the thread settings (undefined: one thread, no shared memory, no workers); `fused`: the
 * class's own kernels (its fused groups), added to the module; `matmuls`: whether the class calls the
 * matmul helpers (without them there is no simdMm, and nothing for threads to split); `calls`: whether
 * a kernel call goes through simdCall (../threads/cut-code.ts: cut over the threads where there are any);
 * `withRelaxed`: whether the class carries the relaxed-SIMD module (it calls a kernel that module has).
 */
export function simdHelper(t: HelperTarget, threads?: ThreadSettings, fused: readonly WasmFunction[] = [], matmuls = true, calls = false, withRelaxed = matmuls): string {
  const T = (s: string): string => (t.ts ? s : "");
  const p = t.ts ? "private " : "";
  const bytes = simdModule(fused);
  const kernelsType = simdExportsType(fused);
  const names = simdExports(fused).map((e) => e.name);
  const split = splitTable();
  const threaded = matmuls && threads !== undefined && threads.threads !== 1;
  const splice = threaded ? sharedSplice(bytes) : null;
  // The relaxed-SIMD module (../wasm/relaxed.ts): the matmuls and convolutions again.
  const relaxed = withRelaxed ? relaxedModule() : null;
  const relaxedSplice = threaded && relaxed !== null ? sharedSplice(relaxed) : null;
  if (splice !== null && relaxedSplice !== null && relaxedSplice.section.join() !== splice.section.join()) throw new Error("wasm: the relaxed module's memory import differs from the kernel module's");
  const wasmGlobal = `(globalThis${T(` as unknown as { WebAssembly: ${WASM} }`)}).WebAssembly`;
  /** The statement making `kernels` on `memory` from `module`, and `relaxed`: the relaxed module on `shared` memory, or null. */
  const instantiate = (module: string, shared: string): string =>
    relaxed === null
      ? `    const kernels = new W.Instance(${module}, { env: { memory } }).exports${T(` as ${kernelsType}`)};`
      : `    const relaxed = this.simdRelaxed(${shared}), kernels = Object.assign({}, ...[${module}, relaxed].map((m) => (m === null ? {} : new W.Instance(m, { env: { memory } }).exports)))${T(` as ${kernelsType}`)};`;
  const ranged = MATMULS.some((m) => simdExports().find((e) => e.name === m)?.params.length === 9);
  return [
    `/** WebAssembly module (f32x4 kernels: ${names.join(", ")}), emitted by nnc. */`,
    `${p}static ${T("readonly ")}SIMD_BYTES = ${bytesExpression(t, bytes)};`,
    `/** The kernels instantiated on each model's memory, by that memory's buffer. */`,
    `${p}static ${T("readonly ")}SIMD_KERNELS = new WeakMap${T(`<ArrayBuffer | SharedArrayBuffer, ${kernelsType}>`)}();`,
    ...(relaxed === null
      ? []
      : [
          `/** The matmul and convolution kernels again with relaxed SIMD's multiply-add (${relaxedKernels().map((k) => k.name).join(", ")}), emitted by nnc: they replace the plain ones where the engine compiles them. */`,
          `${p}static ${T("readonly ")}SIMD_RELAXED_BYTES = ${bytesExpression(t, relaxed)};`,
          `/** Whether models made from now on may take the relaxed-SIMD kernels (fused multiply-add where the hardware has it); false keeps f32x4.mul and f32x4.add, the same bits on every engine. */`,
          `static RELAXED_SIMD = true;`,
          ``,
          `/** The relaxed-SIMD module (importing a shared memory where \`shared\`), or null where the engine has no relaxed SIMD or RELAXED_SIMD is false. */`,
          header(t, "simdRelaxed", ["shared: boolean"], "object | null"),
          `  const W = ${wasmGlobal}, B = ${relaxedSplice === null ? "this.SIMD_RELAXED_BYTES" : `shared ? this.simdShare(this.SIMD_RELAXED_BYTES, ${relaxedSplice.start}, ${relaxedSplice.end}) : this.SIMD_RELAXED_BYTES`};`,
          `  return this.RELAXED_SIMD && W.validate(B) ? new W.Module(B) : null;`,
          `}`,
        ]),
    ...(splice === null
      ? []
      : [
          ``,
          `/** Module bytes \`B\` with their memory import, the section at [start, end), declared shared (a shared memory can only be imported as one). */`,
          header(t, "simdShare", ["B: Uint8Array", "start: number", "end: number"], "Uint8Array"),
          `  return new Uint8Array([...B.subarray(0, start), ${splice.section.join(", ")}, ...B.subarray(end)]);`,
          `}`,
        ]),
    ``,
    `/** One array per [type, length], 16-byte aligned views of one WebAssembly memory (plain arrays without WebAssembly SIMD). */`,
    `${p}static simdArrays(specs${T(`: readonly (readonly [${CTOR}, number])[]`)})${T(`: (${ANY})[]`)} {`,
    `  const at${T(": number[]")} = [];`,
    `  let bytes = 0;`,
    `  for (const [C, n] of specs) {`,
    `    at.push(bytes);`,
    `    bytes += Math.ceil((n * C.BYTES_PER_ELEMENT) / 16) * 16;`,
    `  }`,
    ...(threaded
      ? [
          `  // The threads' control block ends the memory.`,
          `  const control = bytes;`,
          `  bytes += ${CONTROL_INTS * 4};`,
        ]
      : []),
    `  try {`,
    `    const W = ${wasmGlobal};`,
    `    const pages = Math.max(1, Math.ceil(bytes / 65536));`,
    ...(threaded
      ? [
          `    const threads = this.simdThreads();`,
          `    let made = null${T(" as { memory: { buffer: ArrayBuffer | SharedArrayBuffer }; module: object } | null")};`,
          `    if (threads > 1 && typeof SharedArrayBuffer === "function" && typeof Atomics === "object") {`,
          `      try {`,
          `        made = { module: new W.Module(this.simdShare(this.SIMD_BYTES, ${splice?.start ?? 0}, ${splice?.end ?? 0})), memory: new W.Memory({ initial: pages, maximum: pages, shared: true }) };`,
          `      } catch {`,
          `        made = null;`,
          `      }`,
          `    }`,
          `    const shared = made !== null;`,
          `    const { memory, module } = made ?? { memory: new W.Memory({ initial: pages }), module: new W.Module(this.SIMD_BYTES) };`,
          instantiate("module", "shared"),
          `    this.SIMD_KERNELS.set(memory.buffer, kernels);`,
          `    if (shared) {`,
          `      const fns = ${JSON.stringify(names)}.map((n) => (kernels${T(" as unknown as Record<string, (...a: number[]) => void>")})[n]${T("!")});`,
          `      const workers${T(": { terminate(): unknown }[]")} = [];`,
          `      const ctl = new Int32Array(memory.buffer, control, ${CONTROL_INTS});`,
          `      ctl[${SHARE}] = 2 * threads;`,
          `      this.SIMD_POOLS.set(memory.buffer, { module, memory, relaxed, ctl, vals: new Float64Array(memory.buffer, control, ${CONTROL_INTS / 2}), threads, kernels, fns, seq: 0, helped: 0, faults: [], errors: [], canWait: true, started: false, workers });`,
          `      this.SIMD_CLEANUP.register(memory.buffer, workers);`,
          `    }`,
        ]
      : [
          `    const memory = new W.Memory({ initial: pages });`,
          instantiate("new W.Module(this.SIMD_BYTES)", "false"),
          `    this.SIMD_KERNELS.set(memory.buffer, kernels);`,
        ]),
    `    return specs.map(([C, n], i) => new C(memory.buffer, at[i]${T("!")}, n));`,
    `  } catch {`,
    `    return specs.map(([C, n]) => new C(n));`,
    `  }`,
    `}`,
    ``,
    ...(matmuls
      ? [
          `/** C (=|+=) op(A)·op(B) on the SIMD kernel \`form\` when every operand lives in this model's memory (mmNT: and C has a 4×4 block); false: the scalar kernel must. */`,
          header(t, "simdMm", ['form: "mmNN" | "mmTN" | "mmNT" | "mmNNP"', "A: F", "ao: number", "B: F", "bo: number", "C: F", "co: number", "M: number", "N: number", "K: number", "acc: boolean"], "boolean"),
          `  if (!(M >= (form === "mmNT" ? 4 : 1) && N >= 4 && K >= 1 && A.buffer === C.buffer && B.buffer === C.buffer)) return false;`,
          `  const k = this.SIMD_KERNELS.get(C.buffer);`,
          `  if (k === undefined) return false;`,
          `  const a = A.byteOffset + 4 * ao, b = B.byteOffset + 4 * bo, c = C.byteOffset + 4 * co;`,
          ...(threaded && split.size > 0
            ? [
                `  if (M >= 8 && M * N * K >= this.SPLIT_WORK) {`,
                `    const pool = this.SIMD_POOLS.get(C.buffer);`,
                `    const how = this.SIMD_SPLIT[form];`,
                `    if (pool !== undefined && how !== undefined) {`,
                `      this.simdSplit(pool, how[0], how[1], a, b, c, M, N, K, acc ? 1 : 0, 4 * K, 4 * N);`,
                `      return true;`,
                `    }`,
                `  }`,
              ]
            : []),
          // A 9-parameter kernel takes the row range [0, M) last.
          ranged ? `  (k[form]${T(" as (...a: number[]) => void")})(a, b, c, M, N, K, acc ? 1 : 0, 0, M);` : `  k[form](a, b, c, M, N, K, acc ? 1 : 0);`,
          `  return true;`,
          `}`,
          ...(threaded
            ? [
                "",
                `/** [export index, mode (see simdSplit)] of the matmul forms a split can cut by rows of C. */`,
                `${p}static ${T("readonly ")}SIMD_SPLIT${T(": Partial<Record<string, readonly [number, number]>>")} = ${JSON.stringify(Object.fromEntries(split))};`,
                threadMembers(t, threads, names, kernelsType, calls),
              ]
            : []),
        ]
      : []),
    ...(calls && !threaded ? [``, simdCallHelper(t)] : []),
  ].join("\n");
}

/**
 * The first line of the f32 mmNN/mmTN/mmNT helpers: the SIMD kernel computes the block of C it
 * covers (mmNN, mmTN: all of C; mmNT: rows below M − M % 4, columns below N − N % 4) and `tiled` says
 * so, so the scalar kernel that follows does nothing or only mmNT's edges.
 */
export function simdPrologue(form: "NN" | "TN" | "NT"): string[] {
  return [`  const tiled = this.simdMm("mm${form}", A, ao, B, bo, C, co, M, N, K, acc);`];
}
