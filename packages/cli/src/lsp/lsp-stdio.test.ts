/**
 * The language server as an editor sees it: `nnc lsp --stdio` spawned from source, one server for the
 * whole file, every feature driven through the protocol with values read off the examples.
 */
import { readFileSync } from "node:fs";
import { formatSource } from "@nnc/compiler";
import {
  CompletionRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SignatureHelpRequest,
  type CompletionItem,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type Position,
} from "vscode-languageserver-protocol/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT_DIR, startTestServer, stopTestServer, type TestServer } from "./lsp-client.ts";

const MNIST = "file:///work/examples/mnist-mlp.nn";
const BLOCKS = "file:///work/examples/blocks.nn";
const mnistText = readFileSync(`${ROOT_DIR}examples/mnist-mlp.nn`, "utf8");
const blocksText = readFileSync(`${ROOT_DIR}examples/blocks.nn`, "utf8");

/** The position of the `k`-th (0-based) occurrence of `needle` in `text`, plus `shift` characters. */
function pos(text: string, needle: string, k = 0, shift = 0): Position {
  let at = -1;
  for (let i = 0; i <= k; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, at + shift);
  const line = before.split("\n").length - 1;
  return { line, character: before.length - before.lastIndexOf("\n") - 1 };
}

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  await s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: MNIST, languageId: "nn", version: 1, text: mnistText } });
  await s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: BLOCKS, languageId: "nn", version: 1, text: blocksText } });
});
afterAll(async () => {
  expect(await stopTestServer(s)).toBe(0);
  expect(s.stderr()).toBe("");
});

const hoverText = async (uri: string, position: Position): Promise<string> => {
  const h = await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  return h === null ? "" : (h.contents as MarkupContent).value;
};

describe("nnc lsp --stdio", () => {
  test("announces every feature", () => {
    const c = s.init.capabilities;
    expect(c.textDocumentSync).toBe(2);
    expect([c.hoverProvider, c.definitionProvider, c.documentFormattingProvider, c.documentSymbolProvider]).toEqual([true, true, true, true]);
    expect(c.referencesProvider).toBe(true);
    expect(c.renameProvider).toEqual({ prepareProvider: true });
    expect(c.signatureHelpProvider?.triggerCharacters).toEqual(["(", ","]);
    expect(c.completionProvider).toBeDefined();
  });

  test("a correct example has no diagnostics", async () => {
    expect((await s.diagnostics(MNIST, 1)).diagnostics).toEqual([]);
    expect((await s.diagnostics(BLOCKS, 1)).diagnostics).toEqual([]);
  });

  test("hover shows inferred shapes, params, dims, built-ins and blocks", async () => {
    expect(await hoverText(MNIST, pos(mnistText, "h @ W2"))).toBe("```nnc\nh: f32[B, 128]\n```");
    expect(await hoverText(MNIST, pos(mnistText, "logits, label"))).toBe("```nnc\nlogits: f32[B, 10]\n```");
    expect(await hoverText(MNIST, pos(mnistText, "W1 + b1"))).toBe("```nnc\nparam W1: f32[784, 128] = glorot_uniform()\n```");
    expect(await hoverText(MNIST, pos(mnistText, "B, 784"))).toBe("```nnc\ndim B\n```\n\na symbolic size, bound at run time");
    expect(await hoverText(MNIST, pos(mnistText, "relu("))).toBe("```nnc\nrelu(x: operand)\n```\n\nmax(x, 0); relu'(0) = 0\n\nbuilt-in function (docs/builtins.md)");
    expect(await hoverText(MNIST, pos(mnistText, "label))"))).toBe("```nnc\nlabel: i32[B]\n```\n\ntraining input");
    expect(await hoverText(BLOCKS, pos(blocksText, "layer(x, out"))).toBe(
      "```nnc\nblock layer(x: f32[N, I], out: dim, alpha: float = 0.01) -> f32[N, out]\n```",
    );
    // Inside a block each call infers its own shapes: h1 is layer(x: f32[B, 2]), h2 is layer(h1: f32[B, 32]).
    expect(await hoverText(BLOCKS, pos(blocksText, "W: f32"))).toBe(
      "```nnc\nparam W: f32[I, out] = he_uniform()\n```\n\nIn block `layer`; shapes at each call:\n\n```nnc\nh1.W: f32[2, 32]\nh2.W: f32[32, 32]\n```",
    );
    expect(await hoverText(BLOCKS, pos(blocksText, "adam"))).toMatch(/^```nnc\nadam\(lr = 0\.001, /);
  });

  test("definition jumps to blocks, params, dims, values and block arguments", async () => {
    const def = async (uri: string, p: Position): Promise<Location | null> => (await s.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: p })) as Location | null;
    expect(await def(MNIST, pos(mnistText, "h @ W2"))).toEqual({ uri: MNIST, range: { start: pos(mnistText, "\n  h ", 0, 3), end: pos(mnistText, "\n  h ", 0, 4) } });
    expect((await def(MNIST, pos(mnistText, "W2 + b2")))?.range.start).toEqual(pos(mnistText, "W2:"));
    expect((await def(MNIST, pos(mnistText, "B, 784")))?.range.start).toEqual(pos(mnistText, "dim B", 0, 4));
    expect((await def(BLOCKS, pos(blocksText, "layer(x, out")))?.range.start).toEqual(pos(blocksText, "layer(x: f32"));
    expect((await def(BLOCKS, pos(blocksText, "alpha = alpha", 0, 8)))?.range.start).toEqual(pos(blocksText, "alpha: float"));
    expect((await def(BLOCKS, pos(blocksText, "out = 32")))?.range.start).toEqual(pos(blocksText, "out: dim"));
    expect(await def(MNIST, pos(mnistText, "relu("))).toBeNull();
    const refs = await s.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri: MNIST }, position: pos(mnistText, "W1 + b1"), context: { includeDeclaration: true } });
    expect(refs?.map((l) => l.range.start)).toEqual([pos(mnistText, "W1:"), pos(mnistText, "W1 + b1")]);
  });

  test("completion offers built-ins, in-scope names with their types, train keys and settings", async () => {
    const items = async (uri: string, p: Position): Promise<CompletionItem[]> => (await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: p })) as CompletionItem[];
    const body = await items(MNIST, pos(mnistText, "logits = h", 0, 9));
    expect(body.find((c) => c.label === "h")?.detail).toBe("f32[B, 128]");
    expect(body.find((c) => c.label === "W1")?.detail).toBe("f32[784, 128]");
    expect(body.find((c) => c.label === "relu")?.detail).toBe("relu(x: operand)");
    expect(body.find((c) => c.label === "Mlp")).toBeUndefined();
    const keys = await items(MNIST, pos(mnistText, "batch     = 64"));
    expect(keys.map((c) => c.label).sort()).toEqual(["batch", "clip", "data", "decay_all", "epochs", "input", "loss", "metrics", "optimizer", "schedule", "seed"]);
    const opts = await items(MNIST, pos(mnistText, "adam(", 0, 2));
    expect(opts.map((c) => c.label)).toEqual(["adam", "adamw", "adagrad"]);
  });

  test("signature help names the active parameter", async () => {
    const help = await s.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: BLOCKS }, position: pos(blocksText, "out = 32, alpha", 0, 6) });
    expect(help?.signatures[0]?.label).toBe("layer(x: f32[N, I], out: dim, alpha: float = 0.01) -> f32[N, out]");
    expect(help?.activeParameter).toBe(1);
    const second = await s.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: MNIST }, position: pos(mnistText, "logits, label", 0, 8) });
    expect(second?.signatures[0]?.label).toMatch(/^cross_entropy\(/);
    expect(second?.activeParameter).toBe(1);
  });

  test("document symbols: items with what their bodies declare", async () => {
    const syms = (await s.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: MNIST } })) as DocumentSymbol[];
    expect(syms.map((x) => x.name)).toEqual(["B", "Mlp", "train Mlp"]);
    expect(syms[1]?.children?.map((c) => `${c.name} ${c.detail ?? ""}`)).toEqual(["x f32[B, 784]", "W1 f32[784, 128]", "b1 f32[128]", "W2 f32[128, 10]", "b2 f32[10]", "h ", "logits "]);
    expect(syms[2]?.children?.map((c) => c.name)).toEqual(["label"]);
  });

  test("rename edits every occurrence of a local name and refuses built-ins", async () => {
    const edit = await s.connection.sendRequest(RenameRequest.type, { textDocument: { uri: MNIST }, position: pos(mnistText, "h @ W2"), newName: "hidden" });
    const ranges = edit?.changes?.[MNIST]?.map((e) => [e.range.start.line, e.range.start.character, e.newText]);
    const use = pos(mnistText, "h @ W2");
    expect(ranges).toEqual([[9, 2, "hidden"], [use.line, use.character, "hidden"]]);
    const out = await s.connection.sendRequest(RenameRequest.type, { textDocument: { uri: BLOCKS }, position: pos(blocksText, "out: dim"), newName: "width" });
    // line:column (1-based) of `needle` on a line of blocks.nn: the argument, the dims it names, the named arguments.
    const col = (line: number, needle: string): string => `${line}:${(blocksText.split("\n")[line - 1] ?? "").indexOf(needle) + 1}`;
    const expected = [col(4, "out: dim"), col(4, "out] {"), col(5, "out]"), col(6, "out]"), col(11, "out ="), col(12, "out =")];
    expect(expected.every((e) => !e.endsWith(":0"))).toBe(true);
    expect(out?.changes?.[BLOCKS]?.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1}`)).toEqual(expected);
    const prep = await s.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: MNIST }, position: pos(mnistText, "W2 + b2") });
    expect(prep).toEqual({ range: { start: pos(mnistText, "W2 + b2"), end: pos(mnistText, "W2 + b2", 0, 2) }, placeholder: "W2" });
    await expect(s.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: MNIST }, position: pos(mnistText, "relu(") })).rejects.toThrow(
      "`relu` is a built-in function; only names declared in this file can be renamed",
    );
  });

  test("formatting returns the formatter's layout as one edit", async () => {
    const uri = "file:///work/messy.nn";
    const text = "dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  param W: f32[2, 2]\n  y =    x @ W\n}\n";
    await s.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: "nn", version: 1, text } });
    const edits = await s.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    const formatted = formatSource(text, "/work/messy.nn");
    expect(formatted.ok && formatted.text).toContain("  y = x @ W\n");
    expect(edits).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, newText: formatted.ok ? formatted.text : "" }]);
  });

  test("a broken edit publishes the checker's diagnostic at its range; the server survives junk", async () => {
    const at = pos(mnistText, "W2 + b2");
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: MNIST, version: 2 },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: "W3" }],
    });
    const d = (await s.diagnostics(MNIST, 2)).diagnostics;
    expect(d.map((x) => [x.code, x.severity, x.range])).toEqual([["E0101", 1, { start: at, end: { line: at.line, character: at.character + 2 } }]]);
    // As `nnc check` prints it: "undefined name `W3`", the label "not defined here", "help: did you mean `W1`?".
    expect(d[0]?.message).toBe("undefined name `W3`: not defined here");
    expect(d[0]?.relatedInformation?.map((r) => [r.location.range.start.character, r.message])).toEqual([[at.character, "help: did you mean `W1`?"]]);
    // While the file is broken, a model's names keep the shapes of its last version without errors.
    expect(await hoverText(MNIST, pos(mnistText, "h @ W2"))).toBe("```nnc\nh: f32[B, 128]\n```\n\n(as of the last version without errors)");
    const junk = "model (((\u0000 ## [ \"open\n".repeat(30);
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: MNIST, version: 3 }, contentChanges: [{ text: junk }] });
    for (const p of [{ line: 0, character: 3 }, { line: 5, character: 8 }, { line: 40, character: 0 }]) {
      await s.connection.sendRequest(HoverRequest.type, { textDocument: { uri: MNIST }, position: p });
      await s.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: MNIST }, position: p });
      await s.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri: MNIST }, position: p });
    }
    expect((await s.diagnostics(MNIST, 3)).diagnostics.length).toBeGreaterThan(0);
    await s.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: MNIST, version: 4 }, contentChanges: [{ text: mnistText }] });
    expect(await hoverText(MNIST, pos(mnistText, "h @ W2"))).toBe("```nnc\nh: f32[B, 128]\n```");
  });
});
