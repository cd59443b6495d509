/**
 * Operand text for the rules. The driver hands over bare expressions; a rule parenthesizes where
 * Python's precedence needs it (`prec`), and elementwise rules may drop what torch's own
 * broadcasting redoes: every operand of an elementwise op has the output's shape, so as long as one
 * operand keeps that full shape, the others may be written as their un-expanded base
 * (`gamma` for `gamma.expand((B, 64))`) or a constant's bare literal — the same values, shape and
 * dtype, with the same gradient (expand's backward and broadcasting's both sum over the copies).
 */
import { asOperand, isAtom } from "../module/atom.ts";

export const ATOM = 100;
const UNARY = 14;

/** Binary operators with their Python precedence (higher binds tighter). */
export const PREC: Readonly<Record<string, number>> = { "**": 15, "*": 13, "/": 13, "@": 13, "+": 12, "-": 12, "<": 10, "<=": 10, ">": 10, ">=": 10, "==": 10, "!=": 10 };

/** `e` as the receiver of an attribute access, call or subscript: parenthesized unless atomic. */
export const op = asOperand;

/** The loosest-binding operator at the top level of `e` (ATOM when there is none). */
export function precOf(e: string): number {
  if (isAtom(e)) return ATOM;
  let depth = 0;
  let lowest = ATOM;
  let prevOperand = false;
  for (let i = 0; i < e.length; i++) {
    const ch = e[i]!;
    if (ch === '"' || ch === "'") {
      const q = ch;
      for (i++; i < e.length && e[i] !== q; i++) if (e[i] === "\\") i++;
      prevOperand = true;
    } else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) {
      depth--;
      prevOperand = true;
    } else if (ch === " ") continue;
    else if (/[A-Za-z0-9_.]/.test(ch)) {
      // a name or a number (its exponent's sign is no operator)
      const m = /^(?:[0-9][0-9.]*(?:e[+-]?[0-9]+)?|[A-Za-z0-9_.]+)/.exec(e.slice(i))!;
      i += m[0].length - 1;
      prevOperand = true;
    }
    else if (depth === 0 && "*/@+-<>=!".includes(ch)) {
      const two = e.slice(i, i + 2);
      const sym = ["**", "<=", ">=", "==", "!="].includes(two) ? two : ch;
      // A unary minus binds its own operand; only a leading one is the expression's top operator.
      const p = !prevOperand && sym === "-" ? (lowest === ATOM && e.trimStart().startsWith("-") ? UNARY : ATOM) : (PREC[sym] ?? ATOM);
      lowest = Math.min(lowest, p);
      i += sym.length - 1;
      prevOperand = false;
    } else prevOperand = true;
  }
  return lowest;
}

/** `e` inside an expression of precedence `p`: parenthesized when it binds looser (or equally, when `strict`). */
export function wrap(e: string, p: number, strict: boolean): string {
  const q = precOf(e);
  return q > p || (q === p && !strict) ? e : `(${e})`;
}

/** `e` without one pair of parentheses that encloses all of it. */
function unparen(e: string): string {
  return e.startsWith("(") && isAtom(e) && /^\((?:[^()]|\([^()]*\))*\)$/.test(e) ? e.slice(1, -1) : e;
}

/** The const rule's expressions, `torch.full(shape, v, dtype=…, device=self.device)` or `torch.tensor(v, …)`. */
const CONST = /^torch\.(?:full\(\([^()]*\), |tensor\()(-?[0-9.e+-]+|True|False), dtype=[\w.]+, device=self\.device\)$/;

/** Whether `arg` is the const rule's text. */
export function isConstText(arg: string): boolean {
  return CONST.test(arg);
}

/** What torch's broadcasting would redo: a constant's literal, or the base of a trailing `.expand(…)`. */
function reduced(arg: string, literal: boolean): string | undefined {
  const lit = CONST.exec(arg)?.[1];
  if (lit !== undefined) return literal ? lit : undefined;
  const m = /\.expand\(\((?:[^()]|\([^()]*\))*\)\)$/.exec(arg);
  if (m === null) return undefined;
  const base = arg.slice(0, m.index);
  return isAtom(base) ? unparen(base) : undefined;
}

/**
 * Operands of an elementwise op: all reduced where possible, one kept at full shape. `literal[i]`
 * false: operand i must stay a tensor (torch.maximum's operands, torch.where's condition).
 */
export function elementwise(args: readonly string[], literal: readonly boolean[] = args.map(() => true)): string[] {
  const red = args.map((a, i) => reduced(a, literal[i] === true));
  const full = red.findIndex((r) => r === undefined);
  return args.map((a, i) => (i === (full < 0 ? 0 : full) ? a : (red[i] ?? a)));
}

/** `a sym b` with the fewest parentheses that keep the meaning (and the left-to-right order of float sums). */
export function infixText(sym: string, a: string, b: string): string {
  const p = PREC[sym]!;
  // Comparisons chain in Python (`a < b < c`), so a comparison operand is always parenthesized.
  if (p === PREC["<"]) return `${wrap(a, p, true)} ${sym} ${wrap(b, p, true)}`;
  if (sym === "**") return `${wrap(a, p, true)} ** ${wrap(b, UNARY, false)}`;
  return `${wrap(a, p, false)} ${sym} ${wrap(b, p, true)}`;
}
