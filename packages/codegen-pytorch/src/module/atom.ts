/**
 * Whether a Python expression needs no parentheses as an operand: a name or attribute chain, a
 * number, or such a chain followed only by call/subscript groups and attributes (`f(a)[0].T`).
 * String literals are skipped over, so brackets inside them do not count.
 */
export function isAtom(expr: string): boolean {
  const ident = /^[A-Za-z_][A-Za-z0-9_]*/;
  const head = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+(?:\.[0-9]*)?(?:e[+-]?[0-9]+)?)/.exec(expr);
  // A parenthesized head counts as a name: `(a + b).sum(1)` is as atomic as `x.sum(1)`.
  const group = head === null && expr.startsWith("(") ? closes(expr, 0) : -1;
  if (head === null && group < 0) return false;
  let i = head === null ? group : head[0].length;
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === "(" || ch === "[") {
      const end = closes(expr, i);
      if (end < 0) return false;
      i = end;
    } else if (ch === ".") {
      const m = ident.exec(expr.slice(i + 1));
      if (m === null) return false;
      i += 1 + m[0].length;
    } else return false;
  }
  return true;
}

/** Index just past the bracket group opening at `start`, or −1. */
function closes(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '"' || ch === "'") {
      i = skipString(s, i);
      if (i < 0) return -1;
    } else if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Index of the closing quote of the string literal opening at `start`. */
function skipString(s: string, start: number): number {
  const q = s[start]!;
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === q) return i;
  }
  return -1;
}

export function asOperand(expr: string): string {
  return isAtom(expr) ? expr : `(${expr})`;
}
