import { describe, expect, it } from "vitest";
import { renderDiagnostics, SourceFile } from "@nnc/diagnostics";
import { parse, type BlockDecl } from "@nnc/syntax";
import { checkUncalledBlocks } from "../block-generic.ts";
import { DiagnosticSink, type ProgramInfo } from "../context.ts";
import { checkText, lowerText, typeOf } from "../test-helpers.ts";
import { declaredBlockNames, isLibraryBlock, isLibrarySpan, LIBRARY_PREFIX, librarySignature, standardLibrary } from "./library.ts";
import { LIBRARY_SOURCES } from "./sources.ts";

const where = (d: { code: string; span: { line: number; column: number } }): string => `${d.code} ${d.span.line}:${d.span.column}`;

describe("the standard library", () => {
  it("parses into blocks only, each in a file named nnc:std/<file>.nn", () => {
    const { blocks, files } = standardLibrary();
    expect(blocks.size).toBeGreaterThanOrEqual(2);
    for (const [name, decl] of blocks) {
      expect(decl.name.name).toBe(name);
      expect(decl.span.file.startsWith(LIBRARY_PREFIX), name).toBe(true);
      expect(files.has(decl.span.file), name).toBe(true);
      expect(isLibraryBlock(decl) && isLibrarySpan(decl.span)).toBe(true);
    }
    expect(standardLibrary()).toBe(standardLibrary()); // parsed once per process
  });

  it("indexes each file's blocks from its `block NAME` lines exactly as parsing the file declares them", () => {
    for (const { file, text } of LIBRARY_SOURCES) {
      const parsed = parse(new SourceFile(file, text)).program.items.map((item) => `${item.kind} ${item.kind === "Block" ? item.name.name : ""}`);
      expect(declaredBlockNames(text).map((name) => `Block ${name}`), file).toEqual(parsed);
    }
    expect([...standardLibrary().blocks.keys()]).toEqual(LIBRARY_SOURCES.flatMap(({ text }) => declaredBlockNames(text)));
    expect(declaredBlockNames("## block a comment\nblock f(x: f32[N]) -> f32[N] {\n  return x\n}\n  block g\n")).toEqual(["f"]);
  });

  it("parses a library file only when one of its blocks is asked for, once", () => {
    const { blocks } = standardLibrary();
    const dense = blocks.get("dense");
    expect(dense?.span.file).toBe("nnc:std/dense.nn");
    expect(blocks.get("dense")).toBe(dense);
    expect(blocks.get("no_such_block")).toBeUndefined();
    expect([...blocks.values()]).toContain(dense);
  });

  /** The generic check of uncalled blocks, run over `blocks` as if they were a program's own. */
  function genericCheck(blocks: ReadonlyMap<string, BlockDecl>): string[] {
    const sink = new DiagnosticSink();
    const library = standardLibrary().blocks;
    const prog: ProgramInfo = { source: new SourceFile("test.nn", ""), sink, dims: new Map(), blocks, library, recursive: new Set(), f64: false, undeclaredDims: new Set(), instantiated: new Set() };
    checkUncalledBlocks(prog);
    return sink.list.map((d) => `${d.code} ${d.span.file}:${d.span.line}:${d.span.column} ${d.message}`);
  }

  it("every library block lowers generically (symbolic dims, no call) without any diagnostic", () => {
    expect(genericCheck(standardLibrary().blocks)).toEqual([]);
    // the same check does find a mistake in a block's body
    const broken = parse(new SourceFile("broken.nn", "block f(x: f32[N, D]) -> f32[N, D] {\n  return x @ Wq\n}\n")).program.items[0] as BlockDecl;
    expect(genericCheck(new Map([["f", broken]]))).toEqual(["E0101 broken.nn:2:14 undefined name `Wq`"]);
  });

  it("is always in scope: a program calls its blocks with no declaration, params named after the binding", () => {
    const m = lowerText("dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  h = dense(x, out = 5)\n  y = layer_norm(h)\n}\n");
    expect(typeOf(m, "h.W")).toBe("f32[3, 5]");
    expect(typeOf(m, "y.gamma")).toBe("f32[5]");
  });

  it("nodes inlined from a library block carry the span of the user's innermost call, never a library span", () => {
    const text = "dim B\nmodel M(x: f32[B, 4, 8]) -> (y: f32[B, 4, 8]) {\n  h = dense(x, out = 8)\n  y = h |> repeat(transformer_block, times = 2, heads = 2)\n}\n";
    const m = lowerText(text);
    for (const n of m.graph.nodes) expect(n.span?.file, n.id).toBe("test.nn");
    const lineOf = (id: string): number | undefined => m.graph.nodes.find((n) => n.id === id)?.span?.line;
    expect(lineOf("h.W")).toBe(3);
    expect(lineOf("y.1.attn.Wq")).toBe(4); // two library calls deep: still the user's `repeat` line
    const call = m.graph.nodes.find((n) => n.id === "y.0.ln1.gamma")!.span!;
    expect(text.slice(call.start, call.end)).toBe("h |> repeat(transformer_block, times = 2, heads = 2)");
  });

  it("a program's dims do not leak into a library block (`dim I`, `dim D` are the program's own)", () => {
    const r = checkText("dim B\ndim I\ndim D\nmodel M(x: f32[B, 3]) -> (y: f32[B, 5]) {\n  h = dense(x, out = 5)\n  y = layer_norm(h)\n}\n");
    expect(r.diagnostics).toEqual([]);
    const m = r.models[0]!;
    expect(typeOf(m, "h.W")).toBe("f32[3, 5]"); // the library's I is bound by the call (3), not the program's dim I
    expect(typeOf(m, "y.beta")).toBe("f32[5]");
  });

  it("a user's block of a library name is used by the user's calls, not by the library's blocks (hygiene)", () => {
    const text = `dim B
block layer_norm(x: f32[N, D]) -> f32[N, D] {
  param scale: f32[D] = ones()
  return x * scale
}
model M(x: f32[B, 4, 8]) -> (y: f32[B, 4, 8]) {
  t = transformer_block(x, heads = 2)
  n = layer_norm(t[:, 0])
  y = t + 0 * sum(n)
}
`;
    const r = checkText(text);
    expect(r.diagnostics.map(where)).toEqual(["E0124 2:7"]);
    const note = r.diagnostics[0]!;
    expect([note.severity, note.message, note.label]).toEqual(["note", "block `layer_norm` is used instead of the standard library's `layer_norm`", "this file's block wins"]);
    expect(note.labels.map((l) => [l.span.file, l.message])).toEqual([["nnc:std/norm.nn", `the library's \`${librarySignature(standardLibrary().blocks.get("layer_norm")!)}\``]]);
    const params = r.models[0]!.graph.nodes.filter((n) => n.op === "param").map((n) => n.id);
    expect(params).toContain("n.scale"); // the user's call: the user's block
    expect(params).not.toContain("n.gamma");
    expect(params).toContain("t.ln1.gamma"); // inside transformer_block: the library's layer_norm
    expect(params).not.toContain("t.ln1.scale");
  });

  it("a problem inside a library block is reported at the user's call, the library's line as a note", () => {
    const text = "dim B\nmodel M(x: f32[B, 5, 6]) -> (y: f32[B, 5, 6]) {\n  y = transformer_block(x, heads = 2, mlp_ratio = 0)\n}\n";
    const r = checkText(text);
    expect(r.diagnostics.map(where)).toEqual(["E0203 3:7"]);
    const d = r.diagnostics[0]!;
    expect(d.span.file).toBe("test.nn");
    expect(d.label).toBe("in this call of `transformer_block`");
    const inLibrary = d.labels.filter((l) => isLibrarySpan(l.span));
    expect(inLibrary.map((l) => l.span.file)).toEqual(["nnc:std/attention.nn"]);
    const rendered = renderDiagnostics(r.diagnostics, new Map([["test.nn", new SourceFile("test.nn", text)]]), { color: false });
    const at = inLibrary[0]!.span;
    expect(rendered).toContain("--> test.nn:3:7\n");
    expect(rendered).toContain(`(at nnc:std/attention.nn:${at.line}:${at.column})`);
    // the library's text is never quoted as if it were the user's file
    const libLine = standardLibrary().files.get("nnc:std/attention.nn")!.lineText(at.line);
    expect(rendered).not.toContain(libLine.trim());
  });

  it("misspelled library names get a did-you-mean, in calls and in scan", () => {
    const r = checkText("dim B\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = layer_nrom(x)\n}\n");
    expect(r.diagnostics.map((d) => [where(d), d.help])).toEqual([["E0104 3:7", "did you mean `layer_norm`?"]]);
    const s = checkText("dim B\nmodel M(xs: f32[B, 3, 2], h0: f32[B, 4]) -> (y: f32[B, 3, 4]) {\n  y = scan(rnn_cel, xs, init = h0, axis = 1)\n}\n");
    expect(s.diagnostics.map((d) => [where(d), d.help])).toEqual([["E0120 3:12", "did you mean `rnn_cell`?"]]);
  });

  it("a library block works with scan (a cell) and repeat (a layer), params named as the user's blocks' are", () => {
    const m = lowerText(`dim B
model M(xs: f32[B, 3, 2], h0: f32[B, 4], c0: f32[B, 4]) -> (y: f32[B, 3, 4]) {
  (hs, cs) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)
  y = hs |> repeat(transformer_block, times = 2, heads = 2)
}
`);
    expect(typeOf(m, "hs.Wx")).toBe("f32[2, 16]");
    expect(typeOf(m, "y.1.attn.Wq")).toBe("f32[4, 4]");
  });
});
