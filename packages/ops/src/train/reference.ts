/**
 * The float64 reference of one training update: clip (if any) every gradient, then the optimizer's
 * step on every parameter. Tests compare PyTorch's trajectories and the generated code with this.
 */
import type { ClipSetting, OptimizerKind, SettingValue } from "@nnc/runtime/core";
import { CLIPS } from "./clip.ts";
import type { UpdateSettings } from "./optimizer-def.ts";
import { OPTIMIZERS } from "./optimizers.ts";

export interface ReferenceParam {
  readonly w: Float64Array;
  /** Read only: never modified. */
  readonly g: Float64Array;
  readonly rank: number;
  readonly state: Record<string, Float64Array>;
}

/** Weight decay reaches a parameter of this rank: rank ≥ 2 (matrices, kernels), or every one with decay_all. */
export function decayApplies(rank: number, decayAll: boolean): boolean {
  return decayAll || rank >= 2;
}

/** Zeroed state arrays of one parameter of `size` elements. */
export function initialState(kind: OptimizerKind, args: Readonly<Record<string, SettingValue>>, size: number): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const name of OPTIMIZERS[kind].state(args)) out[name] = new Float64Array(size);
  return out;
}

/** Clipped copies of `grads` (all parameters' gradients together). */
export function referenceClip(clip: ClipSetting, grads: readonly Float64Array[]): Float64Array[] {
  return CLIPS[clip.kind].reference(clip.args, grads);
}

/** Step t (1-based) with learning rate `lr`: clip, then update every parameter in place. */
export function referenceUpdate(train: UpdateSettings, lr: number, t: number, params: readonly ReferenceParam[]): void {
  const grads = params.map((p) => p.g);
  const clipped = train.clip === null ? grads : referenceClip(train.clip, grads);
  const def = OPTIMIZERS[train.optimizer.kind];
  params.forEach((p, k) => {
    def.reference({ args: train.optimizer.args, lr, t, decay: decayApplies(p.rank, train.optimizer.decayAll) }, p.w, clipped[k]!, p.state);
  });
}
