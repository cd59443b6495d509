import { terminalText } from "@nnc/diagnostics";

/**
 * A unified diff (`diff -u` layout, three lines of context) between two texts, for `nnc fmt --check`.
 * Lines are matched by a longest common subsequence; the formatter keeps line breaks, so the two
 * texts are close and the table stays small.
 *
 * The diff is for reading (`nnc fmt` applies the change), and it is terminal-safe like everything
 * nnc prints (docs/security.md): the name and every line pass through terminalText, so a control
 * character (ESC, BEL, the CR of a CRLF line) shows as `\u{HEX}` — which also makes a CRLF visible.
 * Tabs in lines are kept. A line holding another control is then not byte-exact for `patch`.
 */
const CONTEXT = 3;

type Op = { readonly kind: " " | "-" | "+"; readonly text: string; readonly a: number; readonly b: number };

/**
 * The lines of `text`. A last line without a line break keeps a "\n" at its end: no other line can
 * hold one, so it differs from the same line with its break, as in `diff -u`.
 */
function splitLines(text: string): string[] {
  const lines = text.split("\n");
  const last = lines.pop();
  if (last !== undefined && last !== "") lines.push(`${last}\n`);
  return lines;
}

/** A source line made terminal-safe, tabs kept: a tab acts on no terminal, and diff prints it as is. */
function safeLine(text: string): string {
  return text.split("\t").map(terminalText).join("\t");
}

/** One diff line: the text made terminal-safe, and diff's marker for a last line without a break. */
function diffLine(kind: Op["kind"], text: string): string {
  return text.endsWith("\n") ? `${kind}${safeLine(text.slice(0, -1))}\n\\ No newline at end of file\n` : `${kind}${safeLine(text)}\n`;
}

/** Past this many table cells the changed middle is shown as one replacement instead of a line-by-line match. */
const MAX_TABLE = 4_000_000;

/** The edit script: equal first and last lines matched directly, the middle by `lcsScript`. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const same = (from: number, to: number, shift: number): Op[] => a.slice(from, to).map((text, k) => ({ kind: " ", text, a: from + k, b: from + k + shift }));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle =
    midA.length * midB.length > MAX_TABLE
      ? [...midA.map((text, k): Op => ({ kind: "-", text, a: k, b: 0 })), ...midB.map((text, k): Op => ({ kind: "+", text, a: midA.length, b: k }))]
      : lcsScript(midA, midB);
  return [...same(0, head, 0), ...middle.map((op) => ({ ...op, a: op.a + head, b: op.b + head })), ...same(a.length - tail, a.length, b.length - a.length)];
}

/** `lcs[i][j]` is the LCS length of a[i..] and b[j..]. */
function lcsScript(a: readonly string[], b: readonly string[]): Op[] {
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ kind: " ", text: a[i]!, a: i++, b: j++ });
    else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: "-", text: a[i]!, a: i++, b: j });
    else ops.push({ kind: "+", text: b[j]!, a: i, b: j++ });
  }
  return ops;
}

/** `start,count` of a hunk side, 1-based; an empty side names the line before it, as diff does. */
function range(start: number, count: number): string {
  return count === 0 ? `${start},0` : count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/** The diff from `before` to `after` under `--- NAME` / `+++ NAME (formatted)`, or "" when they are equal. */
export function unifiedDiff(name: string, before: string, after: string): string {
  const ops = editScript(splitLines(before), splitLines(after));
  const changed = ops.flatMap((op, k) => (op.kind === " " ? [] : [k]));
  if (changed.length === 0) return "";
  const shown = terminalText(name);
  let out = `--- ${shown}\n+++ ${shown} (formatted)\n`;
  let k = 0;
  while (k < changed.length) {
    let last = k;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! <= 2 * CONTEXT + 1) last++;
    const from = Math.max(0, changed[k]! - CONTEXT);
    const to = Math.min(ops.length, changed[last]! + CONTEXT + 1);
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((op) => op.kind !== "+").length;
    const bCount = hunk.filter((op) => op.kind !== "-").length;
    out += `@@ -${range(hunk[0]!.a, aCount)} +${range(hunk[0]!.b, bCount)} @@\n`;
    for (const op of hunk) out += diffLine(op.kind, op.text);
    k = last + 1;
  }
  return out;
}
