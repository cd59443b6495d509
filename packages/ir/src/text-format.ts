/**
 * Lexical conventions of the IR text form, shared by the printer and the parser. Every value prints
 * so that it parses back exactly: ids that are not plain identifiers, strings and odd file names are
 * JSON-quoted; numbers use the shortest round-trip repr (`-0`, `nan`, `inf`, `-inf` included).
 */
import type { Span } from "@nnc/diagnostics";
import { dimToString, type Dim } from "./dim.ts";
import { shapesEqual } from "./types.ts";
import type { AttrValue, Node, Origin, ParamInit, Step } from "./graph.ts";

/** `x`, `h1.W`, `dW1`, `%12`, `%h.3`: printed bare; anything else is JSON-quoted. */
export const BARE_ID = /^(?:%[A-Za-z0-9_.]+|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)$/;

/**
 * Ops whose `dtype` and `shape` attributes restate the node's type: the printer leaves them out when
 * both equal the type, and the parser puts both back when both are absent.
 */
export const TYPED_SOURCE_OPS: ReadonlySet<string> = new Set(["input", "param", "buffer", "const", "dropout_mask"]);

/**
 * Sources printed as statements of their own (`param W: f32[4, 2] = zeros()`) when they have no
 * operands; `param` and `buffer` carry their initializer on that line.
 */
export const KEYWORD_SOURCE_OPS: ReadonlySet<string> = new Set(["input", "param", "buffer"]);
export const INIT_SOURCE_OPS: ReadonlySet<string> = new Set(["param", "buffer"]);

/** Words that read as values in attributes, so a bare id may not be one of them. */
const RESERVED = new Set(["true", "false", "nan", "inf"]);

export function formatId(id: string): string {
  return BARE_ID.test(id) && !RESERVED.has(id) ? id : JSON.stringify(id);
}

export function formatNumber(n: number): string {
  if (Object.is(n, -0)) return "-0";
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return String(n);
}

export function formatDim(d: Dim): string {
  return typeof d === "number" ? formatNumber(d) : dimToString(d);
}

export function formatAttrValue(v: AttrValue): string {
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${(v as readonly Dim[]).map(formatDim).join(", ")}]`;
  return formatDim(v as Dim);
}

function sameAsType(n: Node): boolean {
  const { dtype, shape } = n.attrs;
  return dtype === n.type.dtype && Array.isArray(shape) && shapesEqual(shape as readonly Dim[], n.type.shape);
}

/** The attributes the printer shows: all of them, sorted by key, less a redundant dtype/shape pair. */
export function shownAttrs(n: Node): [string, AttrValue][] {
  const hide = TYPED_SOURCE_OPS.has(n.op) && sameAsType(n);
  return Object.entries(n.attrs)
    .filter(([k]) => !(hide && (k === "dtype" || k === "shape")))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function formatAttrs(n: Node): string {
  const shown = shownAttrs(n);
  if (shown.length === 0) return "";
  return ` {${shown.map(([k, v]) => `${formatId(k)}=${formatAttrValue(v)}`).join(", ")}}`;
}

/**
 * The fields of each initializer kind, in text order (the IR's schema of ParamInit; the initializer
 * table of @nnc/ops has one record per kind and argument names equal to these, a test checks it).
 * One field is written by position (`constant(0.5)`, `values([1, 2])`), more by name
 * (`normal(mean=0, std=0.1)`); a field named `values` is a list of numbers, every other one a number.
 */
export const INIT_FIELDS: { readonly [K in ParamInit["kind"]]: readonly Exclude<keyof (ParamInit & { kind: K }), "kind">[] } = {
  zeros: [],
  ones: [],
  glorot_uniform: [],
  glorot_normal: [],
  he_uniform: [],
  he_normal: [],
  constant: ["value"],
  normal: ["mean", "std"],
  uniform: ["low", "high"],
  values: ["values"],
};

export function isInitKind(s: string): s is ParamInit["kind"] {
  return Object.hasOwn(INIT_FIELDS, s);
}

export function formatInit(init: ParamInit): string {
  const fields: readonly string[] = INIT_FIELDS[init.kind];
  const rec: Readonly<Record<string, unknown>> = init;
  const value = (f: string): string => {
    const v = rec[f];
    return Array.isArray(v) ? `[${v.map((x) => formatNumber(Number(x))).join(", ")}]` : formatNumber(Number(v));
  };
  const args = fields.length === 1 ? value(fields[0]!) : fields.map((f) => `${f}=${value(f)}`).join(", ");
  return `${init.kind}(${args})`;
}

/**
 * A bare file name: no blank, quote, `←` or `:`, and no leading `@` (that starts a step). `←` is
 * written `\u2190`: the bundled CLI must be ASCII (packages/nnc's build checks it).
 */
const BARE_FILE = /^(?!@)[^\s"\u2190:]+$/;
const BARE_WORD = /^[^\s"\u2190]+$/;

/** `file:line:col`, `file:line:col-endCol` (same line) or `file:line:col-endLine:endCol`. */
export function formatSpan(s: Span): string {
  const file = BARE_FILE.test(s.file) ? s.file : JSON.stringify(s.file);
  const head = `${file}:${s.line}:${s.column}`;
  if (s.endLine === s.line) return s.endColumn === s.column ? head : `${head}-${s.endColumn}`;
  return `${head}-${s.endLine}:${s.endColumn}`;
}

/** `← matmul.vjp.lhs of h`: the rule applied and the forward node it differentiates. */
export function formatOrigin(o: Origin): string {
  const rule = BARE_WORD.test(o.rule) && o.rule !== "of" ? o.rule : JSON.stringify(o.rule);
  return `← ${rule} of ${formatId(o.forward)}`;
}

/** `@hs[3/32]`: the 3rd (0-based) of the 32 applications of the scan or repeat bound to `hs`. */
export function formatStep(s: Step): string {
  return `@${formatId(s.group)}[${s.index}/${s.count}]`;
}
