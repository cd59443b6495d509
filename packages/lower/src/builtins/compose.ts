/**
 * Builds composite built-ins (gelu, silu, the per-example losses) from primitive ops. The operands
 * were checked by the built-in (float, aligned to one shape), so every step's type rule holds: a
 * failure is a compiler bug. Constants are full-shape `const` nodes (binary ops take equal shapes).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Attrs } from "@nnc/ir";
import type { TensorValue } from "../values.ts";
import type { CallCtx } from "./types.ts";

export class Compose {
  constructor(private readonly c: CallCtx) {}

  op(name: string, inputs: readonly TensorValue[], attrs: Attrs = {}): TensorValue {
    const v = this.c.ctx.op(name, inputs, attrs, this.c.span);
    if (v.kind !== "tensor") throw new InternalCompilerError(`composite \`${this.c.call.callee.name}\`: ${name} failed its type rule`, this.c.span);
    return v;
  }

  /** A constant `value` with the type of `like`. */
  k(value: number, like: TensorValue): TensorValue {
    return this.c.ctx.constant(value, like.type, this.c.span);
  }

  add(a: TensorValue, b: TensorValue): TensorValue {
    return this.op("add", [a, b]);
  }
  sub(a: TensorValue, b: TensorValue): TensorValue {
    return this.op("sub", [a, b]);
  }
  mul(a: TensorValue, b: TensorValue): TensorValue {
    return this.op("mul", [a, b]);
  }
  /** k · x */
  scale(x: TensorValue, k: number): TensorValue {
    return this.mul(this.k(k, x), x);
  }

  /** Mean or sum over the last axis (a scalar is returned as is: there is no axis to reduce). */
  lastAxis(op: "reduce_mean" | "reduce_sum", x: TensorValue): TensorValue {
    const rank = x.type.shape.length;
    return rank === 0 ? x : this.op(op, [x], { axes: [rank - 1], keepdims: false });
  }
}
