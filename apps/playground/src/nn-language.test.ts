import { describe, expect, it } from "vitest";
import { StringStream } from "@codemirror/language";
import { nnStreamParser } from "./nn-language.ts";

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
