/**
 * `nnc lsp`: a Language Server over stdio (vscode-languageserver), answering from @nnc/compiler's
 * language service. Documents sync incrementally; each document is analysed once per version and the
 * analysis is shared by every request. A request that throws is logged and answered with null: no
 * text a user types can stop the server.
 */
import {
  analyzeDocument,
  complete,
  definition,
  documentSymbols,
  editorDiagnostics,
  formatSource,
  hover,
  prepareRename,
  references,
  rename,
  signatureHelp,
  type Analysis,
} from "@nnc/compiler";
import { createConnection, LSPErrorCodes, ResponseError, TextDocuments, TextDocumentSyncKind, type Connection } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { completionKind, toDiagnostic, toDocumentSymbol, toRange } from "./convert.ts";

/** Diagnostics wait for this pause in typing (ms): a burst of keystrokes is checked once. */
export const DIAGNOSTICS_DELAY_MS = 150;

/** The client's pipe. When `input` ends the process exits (the library's rule: status 0 after `shutdown`, else 1). */
export interface ServerStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** The path of a `file:` URI (for messages and diagnostics' file names); other URIs as they are. */
function fileNameOf(uri: string): string {
  try {
    return uri.startsWith("file:") ? decodeURIComponent(new URL(uri).pathname) : uri;
  } catch {
    return uri;
  }
}

export function startServer(streams: ServerStreams): Connection {
  const connection = createConnection(streams.input, streams.output);
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; analysis: Analysis }>();
  const timers = new Map<string, NodeJS.Timeout>();

  const analysisOf = (doc: TextDocument): Analysis => {
    const hit = cache.get(doc.uri);
    if (hit?.version === doc.version) return hit.analysis;
    const analysis = analyzeDocument(fileNameOf(doc.uri), doc.getText(), hit?.analysis);
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  };

  /** Runs a handler; an exception becomes a log line and `fallback`, never a dead server. */
  const guarded = <P extends { textDocument: { uri: string } }, R>(what: string, fallback: R, f: (doc: TextDocument, p: P) => R) => {
    return (p: P): R => {
      const doc = documents.get(p.textDocument.uri);
      if (doc === undefined) return fallback;
      try {
        return f(doc, p);
      } catch (e) {
        // A refusal (rename of a built-in) is an answer for the user, not a failure.
        if (e instanceof ResponseError) throw e;
        connection.console.error(`nnc lsp: ${what} failed on ${p.textDocument.uri}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    };
  };

  const publish = (uri: string): void => {
    timers.delete(uri);
    const doc = documents.get(uri);
    if (doc === undefined) return;
    guarded("diagnostics", undefined, (d) => {
      const diagnostics = editorDiagnostics(analysisOf(d)).map((x) => toDiagnostic(d, x));
      void connection.sendDiagnostics({ uri, version: d.version, diagnostics });
    })({ textDocument: { uri } });
  };
  const schedule = (uri: string): void => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => { publish(uri); }, DIAGNOSTICS_DELAY_MS));
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      completionProvider: { triggerCharacters: ["(", ",", " "], resolveProvider: false },
      signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: ["="] },
      documentFormattingProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
    },
    serverInfo: { name: "nnc" },
  }));

  documents.onDidOpen((e) => { schedule(e.document.uri); });
  documents.onDidChangeContent((e) => { schedule(e.document.uri); });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(
    guarded("hover", null, (doc, p) => {
      const h = hover(analysisOf(doc), doc.offsetAt(p.position));
      return h === undefined ? null : { contents: { kind: "markdown" as const, value: h.markdown }, range: toRange(doc, h.span) };
    }),
  );
  connection.onDefinition(
    guarded("definition", null, (doc, p) => {
      const span = definition(analysisOf(doc), doc.offsetAt(p.position));
      return span === undefined ? null : { uri: doc.uri, range: toRange(doc, span) };
    }),
  );
  connection.onReferences(
    guarded("references", [], (doc, p) => {
      const spans = references(analysisOf(doc), doc.offsetAt(p.position));
      const own = definition(analysisOf(doc), doc.offsetAt(p.position));
      return spans.filter((s) => p.context.includeDeclaration || s !== own).map((s) => ({ uri: doc.uri, range: toRange(doc, s) }));
    }),
  );
  connection.onCompletion(
    guarded("completion", [], (doc, p) =>
      complete(analysisOf(doc), doc.offsetAt(p.position)).map((c) => ({
        label: c.label,
        kind: completionKind(c.kind),
        ...(c.detail === undefined ? {} : { detail: c.detail }),
        ...(c.doc === undefined ? {} : { documentation: { kind: "markdown" as const, value: c.doc } }),
      })),
    ),
  );
  connection.onSignatureHelp(
    guarded("signature help", null, (doc, p) => {
      const h = signatureHelp(analysisOf(doc), doc.offsetAt(p.position));
      if (h === undefined) return null;
      const s = h.signature;
      return {
        signatures: [{ label: s.label, documentation: { kind: "markdown" as const, value: s.doc }, parameters: s.params.map((label) => ({ label })) }],
        activeSignature: 0,
        activeParameter: h.activeParameter < 0 ? null : h.activeParameter,
      };
    }),
  );
  connection.onDocumentFormatting(
    guarded("formatting", null, (doc) => {
      const text = doc.getText();
      const r = formatSource(text, fileNameOf(doc.uri));
      if (!r.ok || !r.changed) return [];
      return [{ range: toRange(doc, { start: 0, end: text.length }), newText: r.text }];
    }),
  );
  connection.onPrepareRename(
    guarded("prepare rename", null, (doc, p) => {
      const r = prepareRename(analysisOf(doc), doc.offsetAt(p.position));
      if (!r.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, r.reason);
      return { range: toRange(doc, r.span), placeholder: r.name };
    }),
  );
  connection.onRenameRequest(
    guarded("rename", null, (doc, p) => {
      const r = rename(analysisOf(doc), doc.offsetAt(p.position), p.newName);
      if (!r.ok) throw new ResponseError(LSPErrorCodes.RequestFailed, r.reason);
      return { changes: { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })) } };
    }),
  );
  connection.onDocumentSymbol(guarded("document symbols", [], (doc) => documentSymbols(analysisOf(doc)).map((s) => toDocumentSymbol(doc, s))));

  documents.listen(connection);
  connection.listen();
  return connection;
}
