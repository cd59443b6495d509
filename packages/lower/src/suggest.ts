/** "Did you mean" suggestions by edit distance; help for well-known functions and layers nnc lacks. */
import { layerHint } from "./layer-hints.ts";

/**
 * Optimal string alignment distance: the Levenshtein edits (insert, delete, substitute) plus the
 * transposition of two adjacent characters, each costing 1 (`rleu` → `relu` is 1), with no substring
 * edited twice. d[i][j] is the distance between a[0, i) and b[0, j).
 */
export function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * The candidate closest to `name`, if close enough to be a likely typo: distance ≤ max(1, ⌊len/3⌋)
 * (rustc's and Elm's bound), equal ignoring case, or extending `name` (≥ 3 characters) as a prefix.
 * Ties go to the alphabetically first candidate, so output is deterministic.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const c of [...new Set(candidates)].sort()) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : name.length >= 3 && c.startsWith(name) ? 1 : editDistance(name, c);
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return bestDist <= limit ? best : undefined;
}

/** `help` text for a near name, or undefined. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}

/**
 * Well-known functions of other frameworks that nnc does not have, each with its definition in
 * built-ins (layers, `Linear` among them, are in layer-hints.ts). A name here is never "corrected"
 * to a near built-in (`mish` is not a typo of `relu`). No key may be a built-in (a test checks).
 */
export const WELL_KNOWN: Readonly<Record<string, readonly [formula: string, note?: string]>> = {
  swish: ["silu(x)", "the built-in `silu` is x * sigmoid(x)"],
  selu: ["1.0507 * where(x > 0, x, 1.67326 * (exp(minimum(x, 0)) - 1))"],
  mish: ["x * tanh(softplus(x))"],
  relu6: ["minimum(relu(x), 6)"],
  hardtanh: ["minimum(maximum(x, -1), 1)"],
  clamp: ["minimum(maximum(x, lo), hi)"],
  clip: ["minimum(maximum(x, lo), hi)"],
  softsign: ["x / (1 + abs(x))"],
  square: ["x * x"],
  pow: ["x ^ p"],
  log1p: ["log(1 + x)"],
  matmul: ["a @ b"],
  dot: ["a @ b"],
  mse_loss: ["mean(mse(y, target))", "`mse` averages over the last axis, per example"],
};

/**
 * Help for an unknown function: how to write a well-known function in built-ins, what to use for a
 * well-known layer (layer-hints.ts), else a near name.
 */
export function unknownFunctionHelp(name: string, candidates: Iterable<string>): string | undefined {
  if (Object.hasOwn(WELL_KNOWN, name)) {
    const [formula, note] = WELL_KNOWN[name]!;
    return `\`${name}\` is not a built-in function; write \`${formula}\`${note === undefined ? "" : ` (${note})`}`;
  }
  return layerHint(name) ?? didYouMean(name, candidates);
}
