/** Hover: what a name is — its inferred type and shape, its declaration, its signature and docs. */
import type { Span } from "@nnc/diagnostics";
import { typeToString } from "@nnc/ir";
import type { Analysis } from "./analysis.ts";
import { nodesOf } from "./analysis.ts";
import { blockSignature, builtinSignature, FORM_DOCS, librarySignature, settingSignature, TRAIN_KEY_DOCS, type CallSignature } from "./signatures.ts";
import { occurrenceAt, type Definition } from "./symbols.ts";

export interface Hover {
  /** Markdown: a fenced `nnc` line first, then prose. */
  readonly markdown: string;
  readonly span: Span;
}

const STALE = "\n\n(as of the last version without errors)";
const code = (line: string): string => "```nnc\n" + line + "\n```";
const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();

function withDoc(head: string, doc: string | undefined): string {
  return doc === undefined || doc === "" ? code(head) : `${code(head)}\n\n${doc}`;
}

function signatureHover(sig: CallSignature | undefined, fallback: string): string {
  return sig === undefined ? code(fallback) : withDoc(sig.label, sig.doc);
}

/** `h: f32[B, 128]`; in a block one line per call (`h1.t: f32[B, 32]`), since each call infers its own shapes. */
function typedLines(a: Analysis, d: Definition): string[] {
  const nodes = nodesOf(a, d);
  if (d.owner?.kind === "Model") return nodes.map(({ node }) => `${d.name}: ${typeToString(node.type)}`);
  return nodes.map(({ model, node }) => `${node.id}: ${typeToString(node.type)}${a.check.lowered.length > 1 ? `  (in ${model.name})` : ""}`);
}

function defHover(a: Analysis, d: Definition): string {
  const src = (s: Span): string => collapse(a.text.slice(s.start, s.end));
  const typed = typedLines(a, d);
  const inBlock = d.owner?.kind === "Block" ? `\n\nIn block \`${d.owner.name.name}\`; shapes at each call:\n\n${code(typed.join("\n"))}` : "";
  switch (d.kind) {
    case "param":
    case "buffer": {
      const head = d.stmt === undefined ? d.name : src(d.stmt.span);
      return withDoc(head, d.doc) + (d.owner?.kind === "Block" && typed.length > 0 ? inBlock : "");
    }
    case "value": {
      if (d.owner?.kind === "Block") return withDoc(d.name, d.doc) + (typed.length > 0 ? inBlock : "\n\n(shapes are inferred at each call of the block once the file has no errors)");
      if (typed.length > 0) return withDoc(typed.join("\n"), d.doc) + (nodesOf(a, d)[0]?.stale === true ? STALE : "");
      return withDoc(d.name, d.doc) + "\n\n(its type is inferred once the file has no errors)";
    }
    case "input":
    case "output":
    case "train-input": {
      const what = d.kind === "train-input" ? "training input" : `model ${d.kind}`;
      const line = typed[0] ?? `${d.name}: ${d.type === undefined ? "?" : src(d.type.span)}`;
      return `${code(line)}\n\n${what}`;
    }
    case "argument":
      return `${code(src(d.declSpan))}\n\nargument of block \`${d.owner?.name.name ?? "?"}\``;
    case "dim":
      if (d.owner !== undefined) return `${code(`dim ${d.name}`)}\n\nnamed by the signature of block \`${d.owner.name.name}\`: bound at each call`;
      return withDoc(`dim ${d.name}`, d.doc ?? "a symbolic size, bound at run time");
    case "block": {
      const decl = a.check.ast.items.find((i) => i.kind === "Block" && i.name.span === d.span);
      return decl?.kind === "Block" ? withDoc(`block ${blockSignature(decl, a.text).label}`, d.doc) : code(`block ${d.name}`);
    }
    case "model": {
      const decl = a.check.ast.items.find((i) => i.kind === "Model" && i.name.span === d.span);
      if (decl?.kind !== "Model") return code(`model ${d.name}`);
      return withDoc("model " + collapse(a.text.slice(decl.name.span.start, (decl.outputs.at(-1)?.span ?? decl.name.span).end)) + ")", d.doc);
    }
  }
}

export function hover(a: Analysis, offset: number): Hover | undefined {
  const o = occurrenceAt(a.symbols, offset);
  if (o === undefined) return undefined;
  const t = o.target;
  let markdown: string;
  switch (t.kind) {
    case "def":
      markdown = defHover(a, t.def);
      break;
    case "builtin":
      markdown = signatureHover(builtinSignature(t.name), t.name) + "\n\nbuilt-in function (docs/builtins.md)";
      break;
    case "library":
      markdown = signatureHover(librarySignature(t.name), t.name) + "\n\nstandard library block (docs/stdlib.md)";
      break;
    case "form":
      markdown = signatureHover(FORM_DOCS[t.name], t.name);
      break;
    case "setting":
      markdown = signatureHover(settingSignature(t.key, t.name), t.name);
      break;
    case "train-key":
      markdown = TRAIN_KEY_DOCS[t.name] ?? code(t.name);
      break;
  }
  return { markdown, span: o.span };
}
