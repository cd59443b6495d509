/**
 * A unified diff (`diff -u` layout, three lines of context) between two texts, for `nnc fmt --check`.
 * Lines are matched by a longest common subsequence; the formatter keeps line breaks, so the two
 * texts are close and the table stays small.
 */
const CONTEXT = 3;

type Op = { readonly kind: " " | "-" | "+"; readonly text: string; readonly a: number; readonly b: number };

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The edit script: `lcs[i][j]` is the LCS length of a[i..] and b[j..]. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
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
  let out = `--- ${name}\n+++ ${name} (formatted)\n`;
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
    for (const op of hunk) out += `${op.kind}${op.text}\n`;
    k = last + 1;
  }
  return out;
}
