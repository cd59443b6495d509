/** The language service's offset spans and kinds, as LSP values. */
import type { Completion, EditorDiagnostic, OutlineSymbol } from "@nnc/compiler";
import { CompletionItemKind, DiagnosticSeverity, SymbolKind, type Diagnostic, type DocumentSymbol, type Range } from "vscode-languageserver/node";
import type { TextDocument } from "vscode-languageserver-textdocument";

export function toRange(doc: TextDocument, span: { readonly start: number; readonly end: number }): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, note: DiagnosticSeverity.Information } as const;

export function toDiagnostic(doc: TextDocument, d: EditorDiagnostic): Diagnostic {
  return {
    range: toRange(doc, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: "nnc",
    message: d.message,
    relatedInformation: d.related.map((r) => ({ location: { uri: doc.uri, range: toRange(doc, r.span) }, message: r.message })),
  };
}

const COMPLETION_KIND: Readonly<Record<Completion["kind"], CompletionItemKind>> = {
  dim: CompletionItemKind.TypeParameter,
  block: CompletionItemKind.Function,
  model: CompletionItemKind.Class,
  param: CompletionItemKind.Field,
  buffer: CompletionItemKind.Field,
  value: CompletionItemKind.Variable,
  input: CompletionItemKind.Variable,
  output: CompletionItemKind.Variable,
  argument: CompletionItemKind.Variable,
  "train-input": CompletionItemKind.Variable,
  builtin: CompletionItemKind.Function,
  library: CompletionItemKind.Function,
  form: CompletionItemKind.Keyword,
  keyword: CompletionItemKind.Keyword,
  "train-key": CompletionItemKind.Property,
  setting: CompletionItemKind.EnumMember,
};

export function completionKind(k: Completion["kind"]): CompletionItemKind {
  return COMPLETION_KIND[k];
}

const SYMBOL_KIND: Readonly<Record<OutlineSymbol["kind"], SymbolKind>> = {
  dim: SymbolKind.TypeParameter,
  block: SymbolKind.Function,
  model: SymbolKind.Class,
  param: SymbolKind.Field,
  buffer: SymbolKind.Field,
  value: SymbolKind.Variable,
  input: SymbolKind.Variable,
  output: SymbolKind.Variable,
  argument: SymbolKind.Variable,
  "train-input": SymbolKind.Variable,
  train: SymbolKind.Module,
};

export function toDocumentSymbol(doc: TextDocument, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name,
    kind: SYMBOL_KIND[s.kind],
    range: toRange(doc, s.span),
    selectionRange: toRange(doc, s.nameSpan),
    ...(s.detail === undefined ? {} : { detail: s.detail }),
    children: s.children.map((c) => toDocumentSymbol(doc, c)),
  };
}

