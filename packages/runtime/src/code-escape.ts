/**
 * The one gate between user text (a `.nn` path, names, strings of the train section, source lines)
 * and generated code. One function per output context; for EVERY input string the result is inert
 * in its context — it cannot end the comment or literal it sits in, cannot start a new line of code,
 * and hides no character a reviewer cannot see:
 *
 *   commentText(s)   text inside `// …`, `/* … *\/` and JSDoc
 *   jsString(s)      a complete "…" literal evaluating to exactly `s`
 *   stringBody(s)    the inside of a literal, valid between "…", '…' and `…` alike
 *   propertyKey(k)   an object-literal key that defines an own property named exactly `k`
 *   jsValue(v)       JSON-like data as a JS expression (the `PROGRAM` object literal)
 *
 * Identifiers are not made from user text here: codegen-ts/names.ts maps every name onto
 * /^[A-Za-z][A-Za-z0-9_]*$/. No imports: inlined by nothing, safe to load in the browser.
 */

/**
 * Code units that must never appear raw in generated code: C0 controls (NUL, ESC, line feed, …), DEL
 * and C1 (U+0085 is a line break for some editors), the JS line terminators U+2028/U+2029, the bidi
 * and invisible formatting characters of "trojan source" (U+061C, U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+206F, U+FEFF), and lone surrogates (UTF-8 cannot encode them: written to a file they would
 * become U+FFFD and change the value).
 */
// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex4 = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/**
 * Text for a comment: every unsafe code unit written as the six characters `\uXXXX` and every `*\/`
 * as `*\\/`. The result has no line terminator (so a `//` comment ends where the generator ends it)
 * and no `*\/` (so a block comment too); the replacements introduce neither.
 */
export function commentText(s: string): string {
  return s.replace(UNSAFE, hex4).replace(/\*\//g, "*\\/");
}

const SHORT: Readonly<Record<string, string>> = { "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r" };

/**
 * The body of a string literal that evaluates to exactly `s` between any of the three quotes:
 * backslash, `"`, `'` and backtick escaped, `${` written `\${`, unsafe code units as `\uXXXX` (never
 * `\0`, an octal escape where a digit follows, which strict code and templates reject).
 */
export function stringBody(s: string): string {
  return s.replace(/[\\"'`]|\$(?=\{)/g, (c) => `\\${c}`).replace(UNSAFE, (c) => SHORT[c] ?? hex4(c));
}

/** A double-quoted string literal evaluating to exactly `s`. */
export function jsString(s: string): string {
  return `"${stringBody(s)}"`;
}

/**
 * An object-literal key defining an own data property named `k`. A plain `"__proto__": v` (quoted or
 * not) sets the object's prototype instead (ECMA-262 B.3.1); only a computed key does not.
 */
export function propertyKey(k: string): string {
  return k === "__proto__" ? `[${jsString(k)}]` : jsString(k);
}

/** A number literal with the exact value, NaN and infinities included (`JSON.stringify` writes null). */
function numberLiteral(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return Object.is(n, -0) ? "-0" : String(n);
}

/**
 * JSON-like data (null, booleans, numbers, strings, arrays, plain objects) as a JS expression that
 * evaluates to an equal value: strings by jsString, keys by propertyKey, `undefined` properties left
 * out. With `indent`, laid out as `JSON.stringify(v, null, indent)` would be. Anything else (functions,
 * bigints, symbols, cycles) is a bug of the caller and throws.
 */
export function jsValue(v: unknown, indent = 0): string {
  const open = new Set<object>();
  const write = (x: unknown, depth: number): string => {
    if (x === null) return "null";
    if (typeof x === "boolean") return String(x);
    if (typeof x === "number") return numberLiteral(x);
    if (typeof x === "string") return jsString(x);
    if (typeof x !== "object") throw new TypeError(`jsValue: cannot write a ${typeof x}`);
    if (open.has(x)) throw new TypeError("jsValue: cyclic value");
    open.add(x);
    const items = Array.isArray(x)
      ? (x as readonly unknown[]).map((item) => write(item, depth + 1))
      : Object.entries(x).flatMap(([k, item]) => (item === undefined ? [] : [`${propertyKey(k)}:${indent > 0 ? " " : ""}${write(item, depth + 1)}`]));
    open.delete(x);
    const [l, r] = Array.isArray(x) ? ["[", "]"] : ["{", "}"];
    if (items.length === 0) return `${l}${r}`;
    if (indent === 0) return `${l}${items.join(",")}${r}`;
    const inner = " ".repeat(indent * (depth + 1));
    return `${l}\n${inner}${items.join(`,\n${inner}`)}\n${" ".repeat(indent * depth)}${r}`;
  };
  return write(v, 0);
}
