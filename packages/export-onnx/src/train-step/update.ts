/**
 * The update part of a training step on ONNX values: the schedule's lr at t = step, clipping over
 * every gradient, then the optimizer on each parameter with t = step + 1 (both t computed in double
 * from the int64 `step`). Each param's state arrays become graph inputs `<param>.<state>`.
 */
import { decayApplies, OPTIMIZERS, type OptimizerChoice } from "@nnc/ops";
import type { Dim } from "@nnc/ir";
import type { ClipSetting, ScheduleSetting } from "@nnc/runtime/core";
import { InternalCompilerError } from "@nnc/diagnostics";
import { castTo } from "../dtypes.ts";
import type { OnnxBuilder } from "../emit.ts";
import { ONNX_CLIPS } from "./clips.ts";
import { ONNX_OPTIMIZERS } from "./optimizers.ts";
import { settingArgs, type OnnxOptimizerRule, type OnnxStepContext } from "./rules.ts";
import { ONNX_SCHEDULES } from "./schedules.ts";

export interface UpdateSettings {
  readonly optimizer: OptimizerChoice;
  readonly schedule: ScheduleSetting;
  readonly clip: ClipSetting | null;
  readonly totalSteps: number;
}

/** A parameter to update: its id (names its state inputs), its value and gradient, its shape. */
export interface UpdateParam {
  readonly id: string;
  readonly w: string;
  readonly g: string;
  readonly shape: readonly Dim[];
}

/** Per parameter: the new value and each state array's name and new value, in the record's order. */
export interface UpdatedParam {
  readonly w: string;
  readonly state: readonly { readonly name: string; readonly value: string }[];
}

/** The name of an optimizer state array of a parameter (`W1.m`), as inputs; outputs add `.new`. */
export const stateName = (param: string, state: string): string => `${param}.${state}`;

/** Emits the whole update; `step` is the int64 scalar of steps already taken. */
export function emitUpdate(e: OnnxBuilder, s: UpdateSettings, step: string, params: readonly UpdateParam[]): UpdatedParam[] {
  const { optimizer } = s;
  const t0 = e.op("Cast", [step], { to: castTo("f64") });
  const t1 = e.op("Add", [t0, e.scalar("f64", 1)]);
  const baseLr = optimizer.args.lr;
  const lr = ONNX_SCHEDULES[s.schedule.kind].lr({
    e,
    t: t0,
    baseLr: typeof baseLr === "number" ? baseLr : Number.NaN,
    totalSteps: s.totalSteps,
    ...settingArgs(s.schedule.args, `schedule ${s.schedule.kind}`),
  });
  const k = (v: number): string => e.scalar(e.float, v);
  const d = (v: number): string => e.scalar("f64", v);
  const grads = params.map((p) => p.g);
  const clipped = s.clip === null ? grads : ONNX_CLIPS[s.clip.kind].clip({ e, grads, k, d, ...settingArgs(s.clip.args, `clip ${s.clip.kind}`) });

  const c: OnnxStepContext = { e, lr, t: t1, k, d, toFloat: (x) => e.op("Cast", [x], { to: castTo(e.float) }), ...settingArgs(optimizer.args, `optimizer ${optimizer.kind}`) };
  const rule: OnnxOptimizerRule = ONNX_OPTIMIZERS[optimizer.kind];
  const shared = rule.prepare?.(c) ?? {};
  const stateNames = OPTIMIZERS[optimizer.kind].state(optimizer.args);
  const wd = optimizer.args.weight_decay;
  return params.map((p, i) => {
    const state = Object.fromEntries(stateNames.map((n) => [n, e.input(stateName(p.id, n), e.float, p.shape)]));
    const decay = typeof wd === "number" && wd !== 0 && decayApplies(p.shape.length, optimizer.decayAll);
    const r = rule.update(c, { w: p.w, g: clipped[i]!, state, decay }, shared);
    return {
      w: r.w,
      state: stateNames.map((n) => {
        const value = Object.hasOwn(r.state, n) ? r.state[n] : undefined;
        if (value === undefined) throw new InternalCompilerError(`the ONNX rule of ${optimizer.kind} returned no state '${n}'`);
        return { name: stateName(p.id, n), value };
      }),
    };
  });
}
