/** Go to definition, rename (local names only) and the document outline. */
import type { Span } from "@nnc/diagnostics";
import type { Analysis } from "./analysis.ts";
import { occurrenceAt, referencesOf, type Definition } from "./symbols.ts";

/** The declaring identifier of the name under `offset`; undefined for built-ins and library blocks (no file to jump to). */
export function definition(a: Analysis, offset: number): Span | undefined {
  const o = occurrenceAt(a.symbols, offset);
  return o?.target.kind === "def" ? o.target.def.span : undefined;
}

export function references(a: Analysis, offset: number): Span[] {
  const o = occurrenceAt(a.symbols, offset);
  return o?.target.kind === "def" ? referencesOf(a.symbols, o.target.def).map((r) => r.span) : [];
}

export type RenameCheck = { readonly ok: true; readonly span: Span; readonly name: string } | { readonly ok: false; readonly reason: string };

/** Whether the name under `offset` can be renamed: a declaration of this file, not a built-in, library block or setting. */
export function prepareRename(a: Analysis, offset: number): RenameCheck {
  const o = occurrenceAt(a.symbols, offset);
  if (o === undefined) return { ok: false, reason: "no name here to rename" };
  const t = o.target;
  switch (t.kind) {
    case "def":
      return { ok: true, span: o.span, name: t.def.name };
    case "builtin":
      return { ok: false, reason: `\`${t.name}\` is a built-in function; only names declared in this file can be renamed` };
    case "library":
      return { ok: false, reason: `\`${t.name}\` is a standard-library block; only names declared in this file can be renamed` };
    case "form":
      return { ok: false, reason: `\`${t.name}\` is a built-in form; only names declared in this file can be renamed` };
    case "setting":
      return { ok: false, reason: `\`${t.name}\` is a training setting of the compiler; only names declared in this file can be renamed` };
    case "train-key":
      return { ok: false, reason: `\`${t.name}\` is a train-section key; only names declared in this file can be renamed` };
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(["dim", "model", "block", "train", "param", "buffer", "next", "return", "input", "true", "false"]);

export type RenameResult = { readonly ok: true; readonly edits: readonly { span: Span; newText: string }[] } | { readonly ok: false; readonly reason: string };

/** Every occurrence of the declaration under `offset`, renamed; refused when the new name is not an identifier or is taken in its scope. */
export function rename(a: Analysis, offset: number, newName: string): RenameResult {
  const check = prepareRename(a, offset);
  if (!check.ok) return check;
  if (!IDENT.test(newName) || KEYWORDS.has(newName)) return { ok: false, reason: `\`${newName}\` is not a name (letters, digits and _, not a keyword)` };
  const o = occurrenceAt(a.symbols, offset);
  if (o?.target.kind !== "def") return { ok: false, reason: "no name here to rename" };
  const def = o.target.def;
  const clash = a.symbols.defs.find((d) => d !== def && d.name === newName && (d.owner === def.owner || d.owner === undefined || def.owner === undefined));
  if (clash !== undefined) return { ok: false, reason: `\`${newName}\` is already declared at line ${clash.span.line}` };
  return { ok: true, edits: referencesOf(a.symbols, def).map((r) => ({ span: r.span, newText: newName })) };
}

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: Definition["kind"] | "train";
  /** The whole declaration, and the name within it. */
  readonly span: Span;
  readonly nameSpan: Span;
  readonly detail?: string;
  readonly children: readonly OutlineSymbol[];
}

/** Top-level items, each with what its body declares (params, buffers, values, inputs, block arguments). */
export function documentSymbols(a: Analysis): OutlineSymbol[] {
  const defs = a.symbols.defs;
  const detail = (d: Definition): { detail?: string } => (d.type === undefined ? {} : { detail: a.text.slice(d.type.span.start, d.type.span.end) });
  const leaf = (d: Definition): OutlineSymbol => ({ name: d.name, kind: d.kind, span: d.declSpan, nameSpan: d.span, ...detail(d), children: [] });
  const out: OutlineSymbol[] = [];
  for (const item of a.check.ast.items) {
    if (item.kind === "Dim") {
      for (const n of item.names) out.push({ name: n.name, kind: "dim", span: item.span, nameSpan: n.span, children: [] });
    } else if (item.kind === "Train") {
      const children = defs.filter((d) => d.kind === "train-input" && d.declSpan.start >= item.span.start && d.declSpan.end <= item.span.end).map(leaf);
      out.push({ name: `train ${item.model.name}`, kind: "train", span: item.span, nameSpan: item.model.span, children });
    } else {
      const children = defs.filter((d) => d.owner === item && d.kind !== "train-input" && !(d.kind === "dim")).map(leaf);
      out.push({ name: item.name.name, kind: item.kind === "Block" ? "block" : "model", span: item.span, nameSpan: item.name.span, children });
    }
  }
  return out;
}
