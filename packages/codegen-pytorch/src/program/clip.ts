/** Gradient clipping in Python, one rule per kind, as packages/ops/src/train/clip.ts's reference (torch's functions compute the same). */
import type { ClipKind, ClipSetting } from "@nnc/runtime/core";
import { pyNum } from "./py-lit.ts";

/** The statement that clips `params`' gradients in place. */
export type PyClipRule = (arg: (name: string) => string) => string;

export const PY_CLIPS = {
  // Scale by min(1, max_norm / (‖g‖ + 1e-6)), ‖g‖ over all gradients together.
  global_norm: (a) => `torch.nn.utils.clip_grad_norm_(params, ${a("max_norm")})`,
  value: (a) => `torch.nn.utils.clip_grad_value_(params, ${a("limit")})`,
} satisfies Record<ClipKind, PyClipRule>;

export function clipStatement(c: ClipSetting | null): string {
  if (c === null) return "pass  # no clipping";
  return PY_CLIPS[c.kind]((name) => {
    const v = c.args[name];
    return pyNum(typeof v === "number" ? v : Number.NaN);
  });
}
