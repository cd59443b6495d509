/**
 * The language service: what an editor asks about a `.nn` document, answered from the driver's own
 * check and a symbol table (browser-safe: `nnc lsp` and the playground share it). Positions are
 * offsets into the document text (UTF-16 code units, as JavaScript strings and LSP count them).
 */
export { analyzeDocument, type Analysis } from "./analysis.ts";
export { editorDiagnostics, type EditorDiagnostic } from "./diagnostics.ts";
export { hover, type Hover } from "./hover.ts";
export { definition, references, prepareRename, rename, documentSymbols, type OutlineSymbol, type RenameCheck, type RenameResult } from "./navigate.ts";
export { complete, type Completion, type CompletionKind } from "./completion.ts";
export { signatureHelp, type SignatureHelp } from "./signature-help.ts";
export type { CallSignature } from "./signatures.ts";
export type { DefKind } from "./symbols.ts";
