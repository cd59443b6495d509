/**
 * The update after the backward pass, generated from the optimizer and clipping records of @nnc/ops
 * (their formulas are documented there, with PyTorch's conventions): this driver has no per-optimizer
 * code. It writes, in order: `_lr` (the run-time learning rate `this.lr`, set by the schedule), the step
 * counter `_t` when the optimizer needs one, the optimizer's once-per-step statements, the clipping's
 * once-per-step statements (e.g. the global norm's scale `_clip`), then one loop per parameter in which
 * `_g` is the (clipped) gradient element and the record's element statements update the parameter.
 * The gradient arrays are read, never modified (clipping scales or clamps as it reads).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { CLIPS, decayApplies, OPTIMIZERS, type ArgsEmit, type UpdateSettings } from "@nnc/ops";
import type { SettingValue } from "@nnc/runtime/core";
import { commentText, numLit } from "./names.ts";
import { simdUpdateCall } from "./update-simd.ts";

export interface StateArray {
  /** Key in `optimizerState`: `step`, or `${state}:${paramId}` (`m:W1`, `momentum:W1`). */
  readonly key: string;
  readonly field: string;
  readonly size: number;
  readonly float: boolean;
}

export interface UpdateParam {
  /** Param id, the local names of its value and gradient arrays, its element count and rank. */
  readonly id: string;
  readonly w: string;
  readonly g: string;
  readonly size: number;
  /** Weight decay skips rank < 2 (biases, norm gains) unless decay_all. */
  readonly rank: number;
}

/** The model keeps its arrays in one WebAssembly memory with the SIMD kernels (helper "simd"). */
export interface UpdateSimd {
  readonly className: string;
  readonly ts: boolean;
  /** The class may run kernels on worker threads: large update calls go through its simdCall. */
  readonly cut?: boolean;
}

export interface UpdateCode {
  readonly state: readonly StateArray[];
  readonly lines: readonly string[];
  /** The lines call the class's simdCall (threads/cut-code.ts). */
  readonly usesCall: boolean;
}

/**
 * An update call's estimated one-thread ns an element and array: the MNIST MLP's sgd over W1 and dW1
 * (100,352 elements) took 24 µs a step on one thread, 162 µs beside a worker that wrote half of dW1
 * (its cache lines sit in the other core's cache); cut, the step took 584–593 µs against 626–749.
 */
const UPDATE_NS = 0.6;

/** Hyperparameters as values and as literals of the user's numbers. */
function argsEmit(kind: string, args: Readonly<Record<string, SettingValue>>): ArgsEmit {
  const value = (name: string): SettingValue => {
    const v = Object.hasOwn(args, name) ? args[name] : undefined;
    if (v === undefined) throw new InternalCompilerError(`codegen: \`${kind}\` has no argument \`${name}\``);
    return v;
  };
  return {
    value,
    arg: (name) => {
      const v = value(name);
      if (typeof v === "number") return numLit(v);
      if (typeof v === "boolean") return String(v);
      throw new InternalCompilerError(`codegen: argument \`${name}\` of \`${kind}\` is a string`);
    },
  };
}

/**
 * With `simd`, a parameter whose optimizer has a SIMD update kernel (./update-simd.ts) calls it when all
 * its arrays live in the kernels' memory: it updates elements i < n − n % 2, bit-identical to the loop,
 * which then starts at n − n % 2 (and at 0 when the arrays are elsewhere).
 */
export function updateCode(train: UpdateSettings, params: readonly UpdateParam[], simd?: UpdateSimd): UpdateCode {
  const opt = train.optimizer;
  const def = OPTIMIZERS[opt.kind];
  const args = argsEmit(opt.kind, opt.args);
  const clip = train.clip === null ? null : { def: CLIPS[train.clip.kind], args: argsEmit(train.clip.kind, train.clip.args) };
  const state: StateArray[] = [];
  const addState = (key: string, size: number, float = true): string => {
    const field = `opt${state.length}`;
    state.push({ key, field, size, float });
    return `this.${field}`;
  };
  const lines = [`const _lr = this.lr;`];
  let usesCall = false;
  if (def.counter) lines.push(`const _t = (${addState("step", 1, false)}[0] += 1);`);
  if (def.emit.step !== undefined) lines.push(...def.emit.step({ ...args, t: "_t", lr: "_lr" }));
  if (clip?.def.emit.step !== undefined) lines.push(...clip.def.emit.step({ ...clip.args, grads: params.map((p) => ({ g: p.g, size: p.size })) }));
  const names = def.state(opt.args);
  const decays = (p: UpdateParam): boolean => decayApplies(p.rank, opt.decayAll) && opt.args["weight_decay"] !== undefined && opt.args["weight_decay"] !== 0;
  const calls = params.map((p) => (simd === undefined || p.size < 2 ? null : simdUpdateCall({ kind: opt.kind, args: opt.args, arg: (n) => args.arg(n), decays: decays(p), gradScale: clip === null ? "1" : (clip.def.emit.scale ?? null) })));
  const used = [...new Set(calls.flatMap((c) => (c === null ? [] : [c.kernel])))];
  if (simd !== undefined && used.length > 0) {
    const first = params[calls.findIndex((c) => c !== null)]!;
    const type = simd.ts ? ` as unknown as { ${used.map((k) => `${k}: (...a: number[]) => void`).join("; ")} } | undefined` : "";
    lines.push(`const _mem = ${first.w}.buffer, _k = ${simd.className}.SIMD_KERNELS.get(_mem)${type};`);
  }
  params.forEach((p, pi) => {
    // Each state array gets a loop-local alias `_s0`, `_s1`, … (a local reads faster than `this.optN`).
    const aliases = names.map((name, k) => [name, `_s${k}`, addState(`${name}:${p.id}`, p.size)] as const);
    const alias = (name: string): string => {
      const a = aliases.find(([n]) => n === name);
      if (a === undefined) throw new InternalCompilerError(`codegen: \`${opt.kind}\` uses state \`${name}\` it did not declare`);
      return `${a[1]}[_i]`;
    };
    const raw = `${p.g}[_i]`;
    const body = def.emit.element({ ...args, w: `${p.w}[_i]`, g: clip === null ? raw : "_g", lr: "_lr", decay: decayApplies(p.rank, opt.decayAll), state: alias });
    const init = aliases.map(([, a, field]) => `, ${a} = ${field}`).join("");
    // The element loop's statements: the clipped gradient `_g` (where clipping applies), then the rule's.
    const loopBody = [...(clip === null ? [] : [`const _g = ${clip.def.emit.element({ ...clip.args, g: raw })};`]), ...body];
    lines.push(`// ${opt.kind} on ${commentText(p.id)}${clip === null ? "" : `, gradient clipped by ${clip.def.kind}`}`);
    const call = calls[pi] ?? null;
    if (call === null) {
      lines.push(`for (let _i = 0${init}; _i < ${p.size}; _i++) {`, ...loopBody.map((l) => `  ${l}`), `}`);
      return;
    }
    const stateOf = (name: string): string => {
      const a = aliases.find(([n]) => n === name);
      if (a === undefined) throw new InternalCompilerError(`codegen: the SIMD update ${call.kernel} needs state \`${name}\` that \`${opt.kind}\` does not declare`);
      return a[1];
    };
    const arrs = [p.w, p.g, ...call.state.map(stateOf)];
    const even = p.size - (p.size % 2);
    lines.push(`{`);
    if (aliases.length > 0) lines.push(`  const ${aliases.map(([, a, field]) => `${a} = ${field}`).join(", ")};`);
    // The kernel updates the first `even` elements where every array is in its memory; the loop the rest.
    lines.push(`  const _simd = _k !== undefined && ${arrs.map((a) => `${a}.buffer === _mem`).join(" && ")};`);
    const callArgs = [...arrs.map((a) => `${a}.byteOffset`), String(p.size), ...call.scalars];
    if (simd?.cut === true) {
      // Cut by elements, two at a time (the kernel's pairs); the count is p.size, its odd last element the loop's.
      const steps = [...arrs.map(() => "4"), "0", ...call.scalars.map(() => "0")];
      lines.push(`  if (_simd) ${simd.className}.simdCall(_k, _mem, "${call.kernel}", ${Math.round(UPDATE_NS * arrs.length * p.size)}, ${arrs.length}, 2, [${callArgs.join(", ")}], [${steps.join(", ")}]);`);
      usesCall = true;
    } else lines.push(`  if (_simd) _k.${call.kernel}(${callArgs.join(", ")});`);
    lines.push(`  for (let _i = _simd ? ${even} : 0; _i < ${p.size}; _i++) {`, ...loopBody.map((l) => `    ${l}`), `  }`, `}`);
  });
  return { state, lines, usesCall };
}
