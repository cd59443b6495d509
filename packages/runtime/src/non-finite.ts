import type { CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";

const STABLE_OPS = "use a numerically stable op (log_softmax, cross_entropy from logits)";

/**
 * E0645 for a failed step, naming the first non-finite value in program order: a forward value (the
 * loss overflowed, or a parameter after an update), or a backward value with the rule that made it.
 */
export function nonFiniteError(model: CompiledModel, epoch: number, step: number, loss: number, updated: boolean): DataError {
  const at = model.firstNonFinite();
  const when = `at epoch ${epoch}, step ${step}`;
  if (at === null) return new DataError("E0645", `the loss became ${String(loss)} ${when}`, { help: `lower the learning rate (--lr), check the data for huge or missing values, or ${STABLE_OPS}` });
  const line = at.line > 0 ? { sourceLine: at.line } : {};
  if (at.gradient === true) {
    const what = at.rule === undefined ? `\`${at.value}\` (line ${at.line}), a forward value the loss masks (e.g. with \`where\`) but its gradient does not` : `\`${at.value}\`, computed by rule \`${at.rule}\` of \`${at.of ?? ""}\` (line ${at.line})`;
    return new DataError("E0645", `a gradient became non-finite ${when}, though the loss is finite; the first non-finite value is ${what}`, {
      ...line,
      help: "a derivative is infinite where its forward value is finite (sqrt or log at 0, x ^ p with p < 1 at 0), or a `where` hides an overflow from the loss but not from the gradient: keep such arguments away from 0 (`sqrt(x + 1e-6)`) and clamp before `exp` (`exp(minimum(x, 30))`)",
    });
  }
  const param = updated && model.meta.params.some((p) => p.name === at.value);
  return new DataError("E0645", `the loss became ${String(loss)} ${when}; the first non-finite value is \`${at.value}\` (line ${at.line})${param ? ", a parameter the previous update made non-finite" : ""}`, {
    ...line,
    help: param ? "lower the learning rate (--lr)" : `lower the learning rate (--lr), check the data for huge or missing values, or ${STABLE_OPS}`,
  });
}
