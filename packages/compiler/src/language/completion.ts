/** Completion: in-scope names, built-ins, library blocks, keywords, and train-section keys and settings. */
import { typeToString } from "@nnc/ir";
import { BUILTINS } from "@nnc/lower";
import type { Analysis } from "./analysis.ts";
import { nodesOf } from "./analysis.ts";
import { itemAt, linePrefix, wordBefore } from "./context.ts";
import { libraryBlocks } from "./library.ts";
import { blockSignature, builtinSignature, FORM_DOCS, librarySignature, settingNames, settingSignature, TRAIN_KEY_DOCS } from "./signatures.ts";
import type { DefKind } from "./symbols.ts";

export type CompletionKind = DefKind | "builtin" | "library" | "form" | "keyword" | "train-key" | "setting";

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** A signature or a type: `relu(x: tensor)`, `f32[B, 128]`. */
  readonly detail?: string;
  readonly doc?: string;
}

const TOP_KEYWORDS = ["dim", "model", "block", "train"];
const BODY_KEYWORDS = ["param", "buffer", "next"];

export function complete(a: Analysis, offset: number): Completion[] {
  const prefix = wordBefore(a.text, offset);
  const before = linePrefix(a.text, offset - prefix.length);
  const item = itemAt(a, offset);
  const out: Completion[] = [];
  const startOfLine = /^\s*$/.test(before);
  if (item === undefined || (startOfLine && item.span.start === offset - prefix.length)) {
    for (const k of TOP_KEYWORDS) out.push({ label: k, kind: "keyword" });
    return filter(out, prefix);
  }
  if (item.kind === "Train") {
    const key = /^\s*([a-z_]+)\s*=[^=]*$/.exec(before)?.[1];
    if (startOfLine) {
      for (const [k, doc] of Object.entries(TRAIN_KEY_DOCS)) out.push({ label: k, kind: "train-key", doc });
      out.push({ label: "input", kind: "keyword", detail: "input NAME: T" });
      return filter(out, prefix);
    }
    if (key !== undefined && key !== "loss") {
      for (const name of settingNames(key)) {
        const sig = settingSignature(key, name);
        out.push({ label: name, kind: "setting", ...(sig === undefined ? {} : { detail: sig.label, doc: sig.doc }) });
      }
      return filter(out, prefix);
    }
  }
  if (startOfLine && (item.kind === "Model" || item.kind === "Block")) {
    for (const k of BODY_KEYWORDS) out.push({ label: k, kind: "keyword" });
    if (item.kind === "Block") out.push({ label: "return", kind: "keyword" });
  }
  const owner = item.kind === "Train" ? a.check.ast.items.find((i) => i.kind === "Model" && i.name.name === item.model.name) : item;
  const seen = new Set<string>();
  for (const d of a.symbols.defs) {
    const visible = d.owner === undefined ? d.kind !== "model" : d.owner === owner || (item.kind === "Train" && d.kind === "train-input" && d.declSpan.start >= item.span.start && d.declSpan.end <= item.span.end);
    if (!visible || seen.has(d.name)) continue;
    seen.add(d.name);
    const typed = nodesOf(a, d)[0];
    const detail = d.kind === "block" ? blockLabel(a, d.span.start) : typed !== undefined ? typeToString(typed.node.type) : d.type === undefined ? undefined : a.text.slice(d.type.span.start, d.type.span.end);
    out.push({ label: d.name, kind: d.kind, ...(detail === undefined ? {} : { detail }), ...(d.doc === undefined ? {} : { doc: d.doc }) });
  }
  for (const name of BUILTINS.keys()) {
    if (seen.has(name)) continue;
    const sig = builtinSignature(name);
    out.push({ label: name, kind: "builtin", ...(sig === undefined ? {} : { detail: sig.label, doc: sig.doc }) });
  }
  for (const name of libraryBlocks().keys()) {
    if (seen.has(name)) continue;
    const sig = librarySignature(name);
    out.push({ label: name, kind: "library", ...(sig === undefined ? {} : { detail: sig.label, doc: sig.doc }) });
  }
  for (const [name, sig] of Object.entries(FORM_DOCS)) out.push({ label: name, kind: "form", detail: sig.label, doc: sig.doc });
  return filter(out, prefix);
}

function blockLabel(a: Analysis, nameStart: number): string | undefined {
  const decl = a.check.ast.items.find((i) => i.kind === "Block" && i.name.span.start === nameStart);
  return decl?.kind === "Block" ? blockSignature(decl, a.text).label : undefined;
}

/** Candidates starting with what is typed (case-insensitive); all of them when nothing is. */
function filter(items: Completion[], prefix: string): Completion[] {
  const p = prefix.toLowerCase();
  return items.filter((c) => c.label.toLowerCase().startsWith(p));
}
