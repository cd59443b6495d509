/**
 * Everything from the `.nn` file that reaches generated code goes through here: value ids become
 * validated identifiers (below); strings, comments and object keys go through the one escaping
 * module, @nnc/runtime/code-escape (re-exported). Generated-code internals start with `_` (loops,
 * offsets) or are in RESERVED, and no mangled value name does either, so a source name can never
 * capture an internal one.
 */
export { commentText, jsString, jsValue, propertyKey } from "@nnc/runtime/code-escape";

const KEYWORDS = `break case catch class const continue debugger default delete do else enum export extends false finally
for function if import in instanceof new null return super switch this throw true try typeof var void while with yield
let static implements interface package private protected public await async of get set arguments eval
abstract any as asserts bigint boolean declare infer is keyof module namespace never readonly require number object
string symbol type undefined unique unknown from global constructor`;

const GLOBALS = `Math Number Infinity NaN Object Array Error RangeError TypeError Float32Array Float64Array Int32Array Uint8Array
String Boolean JSON globalThis console process Function Symbol Reflect Proxy Promise Map Set`;

/** Names the generated code itself uses as locals or parameters. */
const INTERNAL = "rows check training self seed lr";

const RESERVED: ReadonlySet<string> = new Set([KEYWORDS, GLOBALS, INTERNAL].join(" ").split(/\s+/).filter((w) => w !== ""));

const VALID = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * A JS identifier for a value id: `h1.W` → `h1_W`, `%12` → `t12`, other characters → `_xHH`
 * (their code point), a leading digit or underscore gets a `v` prefix, reserved words a `_` suffix.
 */
export function baseIdentifier(id: string): string {
  let s = id.startsWith("%") ? `t${id.slice(1)}` : id;
  s = s.replace(/\./g, "_").replace(/[^A-Za-z0-9_]/g, (c) => `_x${c.codePointAt(0)!.toString(16)}`);
  if (!/^[A-Za-z]/.test(s)) s = `v${s}`;
  if (RESERVED.has(s)) s = `${s}_`;
  if (!VALID.test(s)) throw new Error(`codegen: mangling produced an invalid identifier for ${JSON.stringify(id)}`);
  return s;
}

/** Deterministic id → identifier map; later ids that collide get `_2`, `_3`, … in the order given. */
export class NameTable {
  private readonly byId = new Map<string, string>();
  private readonly taken = new Set<string>();

  /** `reserved` identifiers (the class name) are never given to a value. */
  constructor(ids: Iterable<string>, reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
    for (const id of ids) this.add(id);
  }

  private add(id: string): void {
    if (this.byId.has(id)) return;
    const base = baseIdentifier(id);
    let name = base;
    for (let k = 2; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    this.byId.set(id, name);
  }

  get(id: string): string {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`codegen: no identifier for value ${JSON.stringify(id)}`);
    return n;
  }
}

/** A numeric literal usable anywhere in an expression (negatives parenthesised). */
export function numLit(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "(-Infinity)";
  if (Object.is(n, -0)) return "(-0)";
  return n < 0 ? `(${String(n)})` : String(n);
}

/** Digits that identify every f32 value: a decimal of at most 9 significant digits is read back exactly. */
const F32_DIGITS = 9;

/**
 * A constant of an f32 value: the user's number when it is written with at most 9 significant digits
 * (`0.1` stays `0.1`), else the shortest decimal with the same f32 value — a constant folded at compile
 * time (`1 - 0.9` = 0.09999999999999998, whose f32 value is 0.1's) prints as `0.1`. f64 constants and
 * integers print as numLit does.
 */
export function constLit(n: number, dtype: string): string {
  if (dtype !== "f32" || !Number.isFinite(n) || Number.isInteger(n)) return numLit(n);
  const written = numLit(n);
  const digits = written.replace(/^\(?-?/, "").replace(/\)$/, "").replace(/e.*$/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
  if (digits <= F32_DIGITS) return written;
  const f = Math.fround(n);
  for (let k = 1; k <= F32_DIGITS; k++) {
    const d = Number(n.toPrecision(k));
    if (Math.fround(d) === f) return numLit(d);
  }
  return written;
}
