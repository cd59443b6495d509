/**
 * Gradient clipping, applied after every gradient is known and before the optimizer reads them:
 *   global_norm(max_norm)  n = √(Σ over every parameter of Σ g²); every g ·= min(1, max_norm/(n + 1e-6))
 *                          (torch.nn.utils.clip_grad_norm_: the factor is applied even when n is just
 *                          below max_norm, where it is within 1e-6 of 1)
 *   value(limit)           every g clamped to [−limit, limit] (torch.nn.utils.clip_grad_value_)
 * Gradient arrays are never written: the code keeps a scale factor or clamps as it reads.
 */
import type { ClipKind, SettingValue } from "@nnc/runtime/core";
import { numArg, POSITIVE, type SettingDef } from "./arg-def.ts";
import type { ClipElementEmit, ClipStepEmit } from "./emit.ts";

export interface ClipDef extends SettingDef<ClipKind> {
  /** Clipped copies of the gradients (every parameter's, in one list), in float64. */
  readonly reference: (args: Readonly<Record<string, SettingValue>>, grads: readonly Float64Array[]) => Float64Array[];
  readonly emit: {
    readonly step?: (c: ClipStepEmit) => string[];
    /** The expression of a clipped gradient element. */
    readonly element: (c: ClipElementEmit) => string;
    /** Where `element` is `scale * g`: that scale's expression (a local `step` declares), which the SIMD optimizer updates take as their gradient scale. */
    readonly scale?: string;
  };
}

/** The epsilon of clip_grad_norm_. */
export const CLIP_NORM_EPS = 1e-6;

/** The local holding global_norm's factor: its step declares it, its element and its `scale` read it. */
const NORM_SCALE = "_clip";

export const CLIPS: Readonly<Record<ClipKind, ClipDef>> = {
  global_norm: {
    kind: "global_norm",
    label: "clip by global norm",
    doc: "Scales every gradient by min(1, max_norm/(‖g‖ + 1e-6)), ‖g‖ the Euclidean norm over all parameters' gradients together, as torch.nn.utils.clip_grad_norm_.",
    example: "global_norm(1.0)",
    args: [{ name: "max_norm", kind: "number", doc: "the largest global gradient norm let through", range: POSITIVE, ui: { label: "max norm", min: 0.01, max: 100, step: 0.01, log: true, start: 1 } }],
    positional: ["max_norm"],
    reference: (args, grads) => {
      let sq = 0;
      for (const g of grads) for (const x of g) sq += x * x;
      const scale = Math.min(1, numArg(args, "max_norm") / (Math.sqrt(sq) + CLIP_NORM_EPS));
      return grads.map((g) => g.map((x) => scale * x));
    },
    emit: {
      step: (c) => [
        `let _sq = 0;`,
        ...c.grads.map((g) => `for (let _i = 0; _i < ${g.size}; _i++) _sq += ${g.g}[_i] * ${g.g}[_i];`),
        `const ${NORM_SCALE} = Math.min(1, ${c.arg("max_norm")} / (Math.sqrt(_sq) + ${String(CLIP_NORM_EPS)}));`,
      ],
      element: (c) => `${NORM_SCALE} * ${c.g}`,
      scale: NORM_SCALE,
    },
  },
  value: {
    kind: "value",
    label: "clip by value",
    doc: "Clamps every gradient element to [−limit, limit], as torch.nn.utils.clip_grad_value_.",
    example: "value(0.5)",
    args: [{ name: "limit", kind: "number", doc: "the largest absolute gradient element let through", range: POSITIVE, ui: { label: "limit", min: 0.001, max: 10, step: 0.001, log: true, start: 0.5 } }],
    positional: ["limit"],
    reference: (args, grads) => {
      const v = numArg(args, "limit");
      return grads.map((g) => g.map((x) => Math.min(Math.max(x, -v), v)));
    },
    emit: { element: (c) => `Math.min(Math.max(${c.g}, -${c.arg("limit")}), ${c.arg("limit")})` },
  },
};
