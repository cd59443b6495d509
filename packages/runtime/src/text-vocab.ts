/**
 * Vocabularies of text data (`chars(…)`, `names(…)`): id 0 is the boundary (start, end and padding of
 * a line), ids 1…V are the characters `vocab[0…V−1]`, sorted by code point. A checkpoint trained on
 * text keeps its vocabulary (Checkpoint.vocab) so that `nnc sample` maps ids back to the same text.
 */

/** The id of the boundary symbol: before the first character, after the last, and on padding. */
export const TEXT_BOUNDARY = 0;

/** The most distinct characters one vocabulary may hold (a char-level model beyond it is a mistake). */
export const MAX_VOCAB = 1000;

/**
 * Code points a line of text data may not hold: C0 controls (tab included), DEL, C1 controls, the bidi
 * marks U+061C, U+200E, U+200F, the separators and bidi controls U+2028–U+202E and the isolates
 * U+2066–U+2069 — exactly those terminal-text.ts escapes, so a character `nnc sample` prints is never one.
 */
export function isUnsafeChar(code: number): boolean {
  const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x61c || code === 0x200e || code === 0x200f;
  return control || (code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** Compares code points (not UTF-16 units): the order of a vocabulary. */
export function compareCodePoints(a: string, b: string): number {
  return (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0);
}

/**
 * Why `v` is not a vocabulary, or null when it is: a list of at most MAX_VOCAB strings, each one code
 * point that isUnsafeChar refuses not, strictly increasing by code point (so distinct).
 */
export function vocabProblem(v: unknown): string | null {
  if (!Array.isArray(v)) return "a list of characters";
  if (v.length > MAX_VOCAB) return `at most ${MAX_VOCAB} characters (it has ${v.length})`;
  for (const [i, c] of (v as unknown[]).entries()) {
    if (typeof c !== "string" || Array.from(c).length !== 1) return `a list of single characters (entry ${i} is ${JSON.stringify(c)})`;
    if (isUnsafeChar(c.codePointAt(0)!)) return `a list of printable characters (entry ${i} is U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`;
    if (i > 0 && compareCodePoints(v[i - 1] as string, c) >= 0) return `sorted by code point without repeats (entry ${i} ${JSON.stringify(c)} follows ${JSON.stringify(v[i - 1])})`;
  }
  return null;
}

/** The vocabulary a checkpoint was trained with, or null when it was not trained on text data. */
export function vocabOf(c: { readonly vocab?: readonly string[] | undefined }): readonly string[] | null {
  return c.vocab ?? null;
}

/**
 * `text` as ids 1…V, one per code point. `unknown` lists the distinct characters the vocabulary lacks,
 * in order of first appearance; when there is any, `ids` is empty (the caller reports them).
 */
export function encodeText(vocab: readonly string[], text: string): { ids: number[]; unknown: string[] } {
  const index = new Map(vocab.map((c, i) => [c, i + 1]));
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const c of text) {
    const id = index.get(c);
    if (id === undefined) {
      if (!unknown.includes(c)) unknown.push(c);
    } else ids.push(id);
  }
  return unknown.length > 0 ? { ids: [], unknown } : { ids, unknown };
}

/** Ids back to text: 1…V are characters, the boundary 0 is ""; anything else is a RangeError. */
export function decodeIds(vocab: readonly string[], ids: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === TEXT_BOUNDARY) continue;
    const c = Number.isInteger(id) && id >= 1 ? vocab[id - 1] : undefined;
    if (c === undefined) throw new RangeError(`decodeIds: id ${id} is outside 0…${vocab.length}`);
    out += c;
  }
  return out;
}
