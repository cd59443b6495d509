import { describe, expect, it } from "vitest";
import { renderDot } from "./dot.ts";
import { renderSvg } from "./svg.ts";
import type { DrawnGraph } from "./types.ts";
import { xmlProblems } from "./xml-check.ts";

/** Text that would break out of XML or DOT if it were pasted in: markup, quotes, backslashes, line breaks, controls. */
const HOSTILE = [`<script>alert(1)</script>`, `"onload="alert(1)`, `'&amp;]]>`, `a\\"; } digraph x { "b`, "line\nbreak\r\n\\l\\N", "nul\u0000\u001b[31m", "\uD800"];

function hostileDrawing(): DrawnGraph {
  const boxes = HOSTILE.map((t, i) => ({ key: `k${i}:${t}`, title: t, detail: `op ${t}`, kind: i === 0 ? ("input" as const) : ("op" as const), tie: `tie:${t}`, ids: [t] }));
  const edges = boxes.slice(1).map((b, i) => ({ from: boxes[i]!.key, to: b.key, dashed: i % 2 === 0 }));
  return { boxes, edges };
}

/** The text of a DOT quoted string, as Graphviz's scanner reads it (`\"` is a quote, `\\` a backslash). */
function dotUnquote(q: string): string {
  return q.slice(1, -1).replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
}

describe("renderSvg with hostile names", () => {
  it("writes well-formed XML without any element or attribute the names did not come from the renderer", () => {
    const svg = renderSvg(hostileDrawing(), { title: `</title><script>x</script> "file".nn` });
    expect(xmlProblems(svg)).toEqual([]);
    const elements = [...svg.matchAll(/<([A-Za-z]+)/g)].map((m) => m[1]);
    expect(new Set(elements)).toEqual(new Set(["svg", "title", "style", "defs", "marker", "path", "rect", "g", "text"]));
    const attributes = new Set([...svg.matchAll(/\s([A-Za-z-:]+)="/g)].map((m) => m[1]));
    expect([...attributes].filter((a) => a!.startsWith("on"))).toEqual([]);
    expect(svg).toContain(`<text x="11" y="15" class="title">&lt;script&gt;alert(1)&lt;/script&gt;</text>`);
    expect(svg).toContain(`data-key="k1:&quot;onload=&quot;alert(1)"`);
    expect((svg.match(/<g class="box/g) ?? []).length).toBe(HOSTILE.length);
  });
});

/** What DOT keeps of a name: a CRLF is one line break; NUL and ESC (the only controls in HOSTILE) become U+FFFD. */
const readBack = (s: string): string => s.replaceAll("\r\n", "\n").replaceAll("\u0000", "\uFFFD").replaceAll("\u001b", "\uFFFD");

describe("renderDot with hostile names", () => {
  it("writes one statement a line, every id and label one quoted string that reads back as the name", () => {
    const drawn = hostileDrawing();
    const dot = renderDot(drawn, { title: "a \"title\"\n} x" });
    const lines = dot.trimEnd().split("\n");
    expect(lines[0]).toBe("digraph nnc {");
    expect(lines.at(-1)).toBe("}");
    const q = `"(?:[^"\\\\\\n]|\\\\.)*"`;
    const node = new RegExp(`^  (${q}) \\[label=(${q}), color="#[0-9a-f]{6}", [^"\\n]*(?:"[^"\\\\\\n]*"[^"\\n]*)*\\];$`);
    const edge = new RegExp(`^  (${q}) -> (${q})( \\[style=dashed, color="#b3b8c3"\\])?;$`);
    const nodes = lines.slice(4, 4 + drawn.boxes.length);
    nodes.forEach((line, i) => {
      const m = node.exec(line);
      expect(m, line).not.toBeNull();
      expect(dotUnquote(m![1]!)).toBe(readBack(drawn.boxes[i]!.key));
      expect(dotUnquote(m![2]!)).toBe(readBack(`${drawn.boxes[i]!.title}\n${drawn.boxes[i]!.detail}`));
    });
    const edges = lines.slice(4 + drawn.boxes.length, -1);
    expect(edges.length).toBe(drawn.edges.length);
    for (const line of edges) expect(edge.exec(line), line).not.toBeNull();
    expect(lines[1]).toContain(`label="a \\"title\\"\\n} x"`);
  });
});
