/**
 * Gradient clipping as ONNX nodes, exactly CLIPS of packages/ops/src/train/clip.ts;
 * `satisfies Record<ClipKind, …>` so a new kind without an ONNX rule fails to typecheck.
 *   global_norm  n = √(Σ over every gradient of Σ g²) (in double, as the generated code sums);
 *                every g ·= min(1, max_norm/(n + CLIP_NORM_EPS))
 *   value        every g clamped to [−limit, limit]
 */
import { CLIP_NORM_EPS } from "@nnc/ops";
import type { ClipKind } from "@nnc/runtime/core";
import { castTo } from "../dtypes.ts";
import type { OnnxClipRule } from "./rules.ts";


export const ONNX_CLIPS = {
  global_norm: {
    clip: (c) => {
      const { e } = c;
      const squares = c.grads.map((g) => e.op("ReduceSumSquare", [e.op("Cast", [g], { to: castTo("f64") })], { keepdims: { i: 0 } }));
      const sq = squares.reduce((a, b) => e.op("Add", [a, b]));
      const ratio = e.op("Div", [c.d(c.num("max_norm")), e.op("Add", [e.op("Sqrt", [sq]), c.d(CLIP_NORM_EPS)])]);
      const scale = e.op("Min", [c.d(1), ratio]);
      const scaleF = e.op("CastLike", [scale, c.k(0)]);
      return c.grads.map((g) => e.op("Mul", [scaleF, g]));
    },
  },
  value: {
    clip: (c) => {
      const limit = c.num("limit");
      return c.grads.map((g) => c.e.op("Clip", [g, c.k(-limit), c.k(limit)]));
    },
  },
} as const satisfies Record<ClipKind, OnnxClipRule>;
