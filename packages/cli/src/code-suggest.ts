import { editDistance } from "./suggest.ts";

/** `E0601` → "06": the family (the first two digits: 00 lexer … 06 command line and files). */
function family(code: string): string | undefined {
  return /^E(\d\d)/.exec(code)?.[1];
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function numeric(code: string): number | undefined {
  const m = /^E(\d{4})$/.exec(code);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/**
 * The known code to suggest for an unknown one (already upper-cased, `E` prefixed), within 2 edits.
 * Ordered by: same family first (a code's first two digits name its phase, and a typo rarely changes
 * the phase), then fewest edits (a swap of two adjacent digits is 1), then the longest common prefix
 * (typos are likelier late in a code: `E06010` → `E0601`, not `E0610`), then the numerically nearest.
 */
export function suggestCode(code: string, known: readonly string[], maxDistance = 2): string | undefined {
  const fam = family(code);
  const num = numeric(code);
  let best: { readonly code: string; readonly key: readonly number[] } | undefined;
  for (const k of known) {
    const distance = editDistance(code, k);
    if (distance > maxDistance) continue;
    const kn = numeric(k);
    const key = [fam !== undefined && family(k) === fam ? 0 : 1, distance, -commonPrefix(code, k), num === undefined || kn === undefined ? 0 : Math.abs(kn - num)];
    if (best === undefined || lexLess(key, best.key)) best = { code: k, key };
  }
  return best?.code;
}

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
