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

export interface UpdateCode {
  readonly state: readonly StateArray[];
  readonly lines: readonly string[];
}

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

export function updateCode(train: UpdateSettings, params: readonly UpdateParam[]): UpdateCode {
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
  if (def.counter) lines.push(`const _t = (${addState("step", 1, false)}[0] += 1);`);
  if (def.emit.step !== undefined) lines.push(...def.emit.step({ ...args, t: "_t", lr: "_lr" }));
  if (clip?.def.emit.step !== undefined) lines.push(...clip.def.emit.step({ ...clip.args, grads: params.map((p) => ({ g: p.g, size: p.size })) }));
  const names = def.state(opt.args);
  for (const p of params) {
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
    lines.push(`// ${opt.kind} on ${commentText(p.id)}${clip === null ? "" : `, gradient clipped by ${clip.def.kind}`}`);
    lines.push(`for (let _i = 0${init}; _i < ${p.size}; _i++) {`);
    if (clip !== null) lines.push(`  const _g = ${clip.def.emit.element({ ...clip.args, g: raw })};`);
    lines.push(...body.map((l) => `  ${l}`), `}`);
  }
  return { state, lines };
}
