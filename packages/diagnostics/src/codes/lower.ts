import type { CodeInfo } from "./code-info.ts";

/** Lowering codes (E0500–E0599, lowering helper), followed by the differentiation block below. */
const LOWERING_CODES: Readonly<Record<string, CodeInfo>> = {};

// ---------------------------------------------------------------------------------------------
// Differentiation (packages/autodiff): E0501–E0502. Keep this block separate from lowering's codes.
// ---------------------------------------------------------------------------------------------
const DIFFERENTIATION_CODES: Readonly<Record<string, CodeInfo>> = {
  E0501: {
    title: "gradient is always zero",
    explanation: `A value you differentiate with respect to cannot affect the value being differentiated,
so its gradient is identically zero. This is a warning: the gradient is still produced (a tensor of
zeros), but a parameter that never changes the loss is almost always a mistake — it is unused, or
it reaches the loss only through operations without a gradient (comparisons, casts to integers,
\`stop_gradient\`).

Erroneous example:

    model M(x: f32[B, 4]) -> (y: f32[B, 2]) {
      param W: f32[4, 2]
      param V: f32[4, 2]       # declared but never used
      y = x @ W
    }

\`V\` does not appear in the computation of \`y\` (or of the loss), so \`dV\` is zero and training
never changes \`V\`.

Fix: use the parameter in the model, or delete it. If the gradient is cut on purpose
(\`stop_gradient\`), this warning confirms that no gradient flows through.`,
  },
  E0502: {
    title: "cannot differentiate a non-float value",
    explanation: `Gradients exist only for floating-point values (f32, f64). Differentiating an integer
or boolean value — or differentiating with respect to one, such as integer class labels — has no
meaning: these values are piecewise constant, and their derivative is undefined or zero.

Erroneous example:

    nnc grad model.nn --of logits --wrt label    # label: i32[B]

Fix: differentiate a float value (the loss, or a float output) with respect to float parameters or
inputs. Labels, masks and indices are constants of the loss.`,
  },
};

export const LOWER_CODES: Readonly<Record<string, CodeInfo>> = { ...LOWERING_CODES, ...DIFFERENTIATION_CODES };
