/**
 * Python source text from values that may come from the user: string literals, float literals and
 * identifiers. Invariant: whatever the input, `pyStr` yields one valid Python string literal that
 * evaluates to exactly the input, and `IdentTable.name` yields a fresh valid identifier that is no
 * keyword, no builtin and none of the generated code's own names.
 */

/**
 * A double-quoted Python literal; every character outside printable ASCII is an escape sequence.
 * Walks code points: a character above U+FFFF is one `\UXXXXXXXX` (Python does not pair surrogate
 * escapes in a str literal); an unpaired surrogate stays a lone `\udXXX`, which Python accepts.
 */
export function pyStr(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += `\\U${c.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

/** A float literal that round-trips (JavaScript's shortest repr), always with a point or exponent. */
export function pyNum(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (v === Infinity) return 'float("inf")';
  if (v === -Infinity) return '(-float("inf"))';
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** An int literal (dims, axes). */
export function pyInt(v: number): string {
  if (!Number.isSafeInteger(v)) throw new Error(`not a whole number: ${v}`);
  return String(v);
}

/** One line of comment text: control characters (Python line breaks among them) become spaces. */
export function pyCommentText(text: string): string {
  // eslint-disable-next-line no-control-regex -- the point is to match control characters
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, " ").trimEnd();
}

const KEYWORDS = "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type _";
const BUILTINS =
  "abs all any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex delattr dict dir divmod enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ord pow print property range repr reversed round set setattr slice sorted staticmethod str sum super tuple vars zip __import__ __name__ __file__ __doc__";
/** Names the generated module itself uses at module or method scope. */
const GENERATED = "self torch nn F math dtype device os sys";

export const RESERVED: ReadonlySet<string> = new Set([...KEYWORDS.split(" "), ...BUILTINS.split(" "), ...GENERATED.split(" ")]);

/** A valid identifier close to `text`: invalid characters → `_`, no leading digit, reserved names get a trailing `_`. */
export function pyIdentBase(text: string): string {
  let s = text.replace(/[^A-Za-z0-9_]/g, "_");
  if (s === "" || /^[0-9]/.test(s)) s = `v${s}`;
  // `_nnc…` is the generated helpers' prefix; user names never take it.
  if (s.startsWith("_nnc")) s = `v${s}`;
  return RESERVED.has(s) ? `${s}_` : s;
}

/** Hands out distinct identifiers within one scope. */
export class IdentTable {
  private readonly used = new Set<string>();

  reserve(name: string): void {
    this.used.add(name);
  }

  /** A fresh identifier derived from `text` (`h1.m` → `h1_m`, a second `h1_m` → `h1_m_2`). */
  name(text: string): string {
    const base = pyIdentBase(text);
    let s = base;
    for (let k = 2; this.used.has(s); k++) s = `${base}_${k}`;
    this.used.add(s);
    return s;
  }
}
