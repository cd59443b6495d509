import { describe, expect, it } from "vitest";
import { getIndentation, StringStream } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { Tag, tags } from "@lezer/highlight";
import { BACKGROUNDS, contrast, nnHighlightStyle, PALETTE } from "./editor-highlight.ts";
import { EXAMPLES } from "./examples.ts";
import { LONG_LINE, nnLanguage, nnStreamParser } from "./nn-language.ts";

/** `text:style` for each styled token of one line (unstyled tokens and spaces left out). */
function styles(line: string): string[] {
  const state = nnStreamParser.startState!(2);
  const stream = new StringStream(line, 2, 2);
  const out: string[] = [];
  while (!stream.eol()) {
    stream.start = stream.pos;
    const style = nnStreamParser.token(stream, state);
    if (stream.pos === stream.start) throw new Error(`no progress at ${stream.pos} in ${line}`);
    if (style !== null) out.push(`${line.slice(stream.start, stream.pos)}:${style}`);
  }
  return out;
}

describe("the .nn highlighter", () => {
  it("`buffer` and `next` are keywords where a statement starts with them, names elsewhere", () => {
    expect(styles("buffer mean: f32[C] = zeros()").slice(0, 2)).toEqual(["buffer:keyword", "mean:variableName"]);
    expect(styles("next mean = 0.9 * mean")[0]).toBe("next:keyword");
    expect(styles("next = x")[0]).toBe("next:variableName");
    expect(styles("y = f(next, buffer)")).toContain("next:variableName");
  });

  it("scan, repeat and training are highlighted as built-ins", () => {
    expect(styles("hs = scan(cell, xs, axis = 1)")).toContain("scan:variableName.function.standard");
    expect(styles("y = x |> repeat(blk, times = 4)")).toContain("repeat:variableName.function.standard");
    expect(styles("mu = where(training, m, r)")).toEqual(
      expect.arrayContaining(["where:variableName.function", "training:variableName.standard"]),
    );
  });

  it("parameter paths: segments are properties, never numbers; indexing punctuation", () => {
    expect(styles("p = y.0.attn.Wq")).toEqual(["p:variableName", "=:operator", "y:variableName", ".:punctuation", "0:propertyName", ".:punctuation", "attn:propertyName", ".:punctuation", "Wq:propertyName"]);
    expect(styles("a = hs[..., 0.5]")).toEqual(["a:variableName", "=:operator", "hs:variableName", "[:punctuation", "...:punctuation", ",:punctuation", "0.5:number", "]:punctuation"]);
    expect(styles("z = .5")).toContain(".5:number");
  });
});

/** Every style a corpus of `.nn` lines gets, as the set of style strings. */
function allStyles(lines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const line of lines) for (const s of styles(line)) out.add(s.slice(s.lastIndexOf(":") + 1));
  return out;
}

/** The tags a StreamLanguage makes of a style string (`variableName.function` → function(variableName)), or the reason it cannot. */
function resolveStyle(style: string): { tags: Tag[] } | { problem: string } {
  const found: Tag[] = [];
  for (const part of style.split(" ")) {
    let tag: Tag | undefined;
    for (const piece of part.split(".")) {
      const v: unknown = (tags as Record<string, unknown>)[piece];
      if (v instanceof Tag) {
        if (tag !== undefined) return { problem: `${piece} used as a modifier in ${style}` };
        tag = v;
      } else if (typeof v === "function") {
        if (tag === undefined) return { problem: `modifier ${piece} at the start of ${style}` };
        tag = (v as (t: Tag) => Tag)(tag);
      } else return { problem: `unknown tag ${piece} in ${style}` };
    }
    if (tag !== undefined) found.push(tag);
  }
  return { tags: found };
}

const CORPUS = [
  ...EXAMPLES.flatMap((e) => e.source.split("\n")),
  "## A doc comment on a block",
  "block layer(x: f32[N, I], out: dim) -> f32[N, out] {",
  "  y = x |> repeat(blk, times = 4) + scan(cell, xs, axis = 1).0",
  '  data = "points.csv"',
  "  mu = where(training, m, r)",
  "  next mean = 0.9 * mean",
];

describe("the highlighter's tags", () => {
  it("every style it emits is a real @lezer/highlight tag (no console warning), and the editor's style colours it", () => {
    const seen = allStyles(CORPUS);
    expect(seen).toEqual(new Set(["keyword", "typeName", "number", "string", "comment", "docComment", "operator", "punctuation", "propertyName", "className", "variableName", "variableName.function", "variableName.standard", "variableName.function.standard"]));
    for (const style of seen) {
      const r = resolveStyle(style);
      if ("problem" in r) throw new Error(r.problem);
      expect(r.tags.length).toBe(1);
      if (style !== "punctuation") expect(nnHighlightStyle.style(r.tags), style).not.toBeNull();
    }
  });

  it("`##` doc comments are comments (docComment), not strings; calls are highlighted apart from names", () => {
    const doc = resolveStyle(styles("## Documents the next block")[0]!.split(":")[1]!);
    expect("tags" in doc && doc.tags[0]).toBe(tags.docComment);
    expect(nnHighlightStyle.style([tags.docComment])).not.toBe(nnHighlightStyle.style([tags.string]));
    expect(nnHighlightStyle.style([tags.function(tags.variableName)])).not.toBe(nnHighlightStyle.style([tags.variableName]));
  });

  it("every token colour has contrast ≥ 4.5:1 on the editor, the active line and the selection", () => {
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#116644", "#ffffff")).toBeCloseTo(6.98, 1);
    for (const [name, colour] of Object.entries(PALETTE)) {
      for (const bg of BACKGROUNDS) expect(contrast(colour, bg), `${name} ${colour} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });
});

/** The indentation the language gives a new line typed after `before`, with `after` following the cursor. */
function indentAfter(before: string, after = ""): number {
  const state = EditorState.create({ doc: before + "\n" + after, extensions: [nnLanguage] });
  return getIndentation(state, before.length + 1) ?? -1;
}

describe("bracket-aware indentation (nnc fmt's levels)", () => {
  it("inside a model body, one level; a closing brace dedents", () => {
    expect(indentAfter("model M(x: f32[3]) -> (y: f32[3]) {")).toBe(2);
    expect(indentAfter("model M(x: f32[3]) -> (y: f32[3]) {\n  y = x", "}")).toBe(0);
    expect(indentAfter("model M(x: f32[3]) -> (y: f32[3]) {\n  y = x")).toBe(2);
    expect(indentAfter("dim B")).toBe(0);
  });

  it("an open call continues one level deeper, whatever the number of brackets the line opened", () => {
    expect(indentAfter("model M(x: f32[3]) -> (y: f32[3]) {\n  y = f(g(x,")).toBe(4);
    expect(indentAfter("model M(x: f32[3]) -> (y: f32[3]) {\n  y = f(g(x,\n    z", "))")).toBe(2);
    expect(indentAfter("block b(\n  x: f32[N],", ") -> f32[N] {")).toBe(0);
    expect(indentAfter("block b(\n  x: f32[N],")).toBe(2);
  });

  it("brackets in comments and strings do not count", () => {
    expect(indentAfter("dim B  # (not a bracket")).toBe(0);
    expect(indentAfter('train M {\n  data = "a(b.csv"')).toBe(2);
  });
});

describe("very long lines", () => {
  it("are styled up to LONG_LINE columns and left as one unstyled run after it, brackets still counted", () => {
    const line = `  y = ${Array.from({ length: 4000 }, () => "a").join(" + ")} + f(g(a,`;
    const state = nnStreamParser.startState!(2);
    const stream = new StringStream(line, 2, 2);
    let tokens = 0;
    while (!stream.eol()) {
      stream.start = stream.pos;
      nnStreamParser.token(stream, state);
      tokens++;
    }
    // One call per token or run of spaces up to the column (16,000 without the cap), then one for the rest.
    expect(tokens).toBeLessThanOrEqual(LONG_LINE + 1);
    expect(tokens).toBeGreaterThan(LONG_LINE / 4);
    expect(indentAfter(`model M(a: f32[3]) -> (y: f32[3]) {\n${line}`)).toBe(4);
    expect(indentAfter(`model M(a: f32[3]) -> (y: f32[3]) {\n${line} "((" ) # (`, ")")).toBe(2);
  });
});
