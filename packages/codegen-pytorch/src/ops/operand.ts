/** Operand text for the rules: the driver hands over bare expressions; a rule parenthesizes where precedence needs it. */
import { asOperand } from "../module/atom.ts";

/** `e` as an operand of an infix operator, attribute access or subscript: parenthesized unless atomic. */
export const op = asOperand;

/** The const rule's expressions, `torch.full(shape, v, dtype=…, device=self.device)` or `torch.tensor(v, …)`. */
const CONST = /^torch\.(?:full\(\([^()]*\), |tensor\()(-?[0-9.e+-]+|True|False), dtype=[\w.]+, device=self\.device\)$/;

/** The literal of a constant operand, or undefined for anything else. */
export function literalOf(arg: string): string | undefined {
  return CONST.exec(arg)?.[1];
}
