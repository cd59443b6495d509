import { describe, expect, it } from "vitest";
import { dotString, xmlText } from "./escape.ts";

describe("xmlText", () => {
  it("escapes the five markup characters and replaces code points XML forbids", () => {
    expect(xmlText(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
    expect(xmlText("]]><!--x-->")).toBe("]]&gt;&lt;!--x--&gt;");
    expect(xmlText("tab\tnl\nnul\u0000bel\u0007")).toBe("tab\tnl\nnul\uFFFDbel\uFFFD");
    // A lone surrogate is not a character; a pair is one (U+1F600) and stays.
    expect(xmlText("\uD800x\uD83D\uDE00")).toBe("\uFFFDx\uD83D\uDE00");
    expect(xmlText("h₁ … ᵀ")).toBe("h₁ … ᵀ");
  });
});

describe("dotString", () => {
  it("quotes, doubles backslashes, escapes quotes and turns line breaks into \\n", () => {
    expect(dotString("x")).toBe(`"x"`);
    expect(dotString(`say "hi"`)).toBe(`"say \\"hi\\""`);
    expect(dotString("a\\")).toBe(`"a\\\\"`);
    expect(dotString("\\N\\G")).toBe(`"\\\\N\\\\G"`);
    expect(dotString("one\ntwo\r\nthree\rfour")).toBe(`"one\\ntwo\\nthree\\nfour"`);
    expect(dotString("}; \"x\" -> \"y\"; {")).toBe(`"}; \\"x\\" -> \\"y\\"; {"`);
    expect(dotString("nul\u0000")).toBe(`"nul\uFFFD"`);
  });
});
