/**
 * The optimizer update, applied after the backward pass (PyTorch conventions):
 *   sgd     g' = g + wd·w (L2);  v = μ·v + g';  w −= lr·v   (w −= lr·g' when μ = 0)
 *   adam    g' = g + wd·w (L2);  m = β₁m + (1−β₁)g';  v = β₂v + (1−β₂)g'²;
 *           w −= lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
 *   adamw   w −= lr·wd·w first (decoupled weight decay), then the adam step with g' = g.
 * The gradient arrays are read, never modified.
 */
import type { OptimizerSpec } from "@nnc/lower";
import { commentText, numLit } from "./names.ts";

export interface StateArray {
  /** Key in `optimizerState` (`m:W1`, `v:W1`, `momentum:W1`, `step`). */
  readonly key: string;
  readonly field: string;
  readonly size: number;
  readonly float: boolean;
}

export interface UpdateParam {
  /** Param id, the local names of its value and gradient arrays, its element count. */
  readonly id: string;
  readonly w: string;
  readonly g: string;
  readonly size: number;
}

export interface UpdateCode {
  readonly state: readonly StateArray[];
  readonly lines: readonly string[];
}

export function updateCode(opt: OptimizerSpec, params: readonly UpdateParam[]): UpdateCode {
  const state: StateArray[] = [];
  const lines: string[] = [];
  const wd = opt.weightDecay;
  const addState = (key: string, size: number, float = true): string => {
    const field = `opt${state.length}`;
    state.push({ key, field, size, float });
    return `this.${field}`;
  };
  const adam = opt.kind === "adam" || opt.kind === "adamw";
  if (adam) {
    const step = addState("step", 1, false);
    lines.push(`const _t = (${step}[0] += 1);`, `const _bc1 = 1 - Math.pow(${numLit(opt.beta1)}, _t), _bc2 = 1 - Math.pow(${numLit(opt.beta2)}, _t);`);
  }
  lines.push(`const _lr = this.lr;`);
  for (const p of params) {
    const grad = (i: string): string => (wd !== 0 && opt.kind !== "adamw" ? `(${p.g}[${i}] + ${numLit(wd)} * ${p.w}[${i}])` : `${p.g}[${i}]`);
    lines.push(`// ${opt.kind} on ${commentText(p.id)}`);
    if (!adam) {
      if (opt.momentum === 0) {
        lines.push(`for (let _i = 0; _i < ${p.size}; _i++) ${p.w}[_i] -= _lr * ${grad("_i")};`);
        continue;
      }
      const v = addState(`momentum:${p.id}`, p.size);
      lines.push(`for (let _i = 0, _v = ${v}; _i < ${p.size}; _i++) {`, `  _v[_i] = ${numLit(opt.momentum)} * _v[_i] + ${grad("_i")};`, `  ${p.w}[_i] -= _lr * _v[_i];`, `}`);
      continue;
    }
    const m = addState(`m:${p.id}`, p.size);
    const v = addState(`v:${p.id}`, p.size);
    lines.push(`for (let _i = 0, _m = ${m}, _v = ${v}; _i < ${p.size}; _i++) {`);
    if (opt.kind === "adamw" && wd !== 0) lines.push(`  ${p.w}[_i] -= _lr * ${numLit(wd)} * ${p.w}[_i];`);
    lines.push(
      `  const _g = ${grad("_i")};`,
      `  _m[_i] = ${numLit(opt.beta1)} * _m[_i] + ${numLit(1 - opt.beta1)} * _g;`,
      `  _v[_i] = ${numLit(opt.beta2)} * _v[_i] + ${numLit(1 - opt.beta2)} * _g * _g;`,
      `  ${p.w}[_i] -= _lr * (_m[_i] / _bc1) / (Math.sqrt(_v[_i] / _bc2) + ${numLit(opt.eps)});`,
      `}`,
    );
  }
  return { state, lines };
}
