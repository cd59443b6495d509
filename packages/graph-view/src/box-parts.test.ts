import { describe, expect, it } from "vitest";
import { boxGroupAttrs, boxParts } from "./box-parts.ts";
import type { PlacedBox } from "./layout.ts";
import { renderSvg } from "./svg.ts";

const placed: PlacedBox = {
  box: { key: "n1", title: "matmul <a&b>", detail: "f32[B, 10]", kind: "op", tie: "n1", ids: ["n1"] },
  x: 12.345,
  y: 40,
  width: 120.04,
  height: 38,
};

describe("boxParts: the one description of a box both renderers draw", () => {
  it("gives the frame, the tie bar, the two text lines and the tooltip, with raw text", () => {
    expect(boxGroupAttrs(placed)).toEqual({ class: "box kind-op", "data-tie": "n1", "data-key": "n1", transform: "translate(12.3,40.0)" });
    expect(boxParts(placed, "#c33")).toEqual([
      { tag: "title", attrs: {}, text: "matmul <a&b>\nf32[B, 10]" },
      { tag: "rect", attrs: { class: "frame", width: "120", height: "38", rx: "6", style: "stroke:#c33" } },
      { tag: "rect", attrs: { class: "tie-bar", width: "5", height: "38", rx: "2", style: "fill:#c33" } },
      { tag: "text", attrs: { x: "11", y: "15", class: "title" }, text: "matmul <a&b>" },
      { tag: "text", attrs: { x: "11", y: "30", class: "detail" }, text: "f32[B, 10]" },
    ]);
  });

  it("is what renderSvg writes for each box, escaped", () => {
    const svg = renderSvg({ boxes: [placed.box], edges: [] });
    const group = /<g class="box kind-op"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1];
    expect(group).toMatch(
      /^<title>matmul &lt;a&amp;b&gt;\nf32\[B, 10\]<\/title><rect class="frame" width="[\d.]+" height="[\d.]+" rx="6" style="stroke:[^"]+"\/><rect class="tie-bar" width="5" height="[\d.]+" rx="2" style="fill:[^"]+"\/><text x="11" y="15" class="title">matmul &lt;a&amp;b&gt;<\/text><text x="11" y="30" class="detail">f32\[B, 10\]<\/text>$/s,
    );
  });
});

describe("a grouped box", () => {
  it("is drawn as a stack: two outlines 3 and 6 px behind the frame, in the tie colour", () => {
    const group: PlacedBox = { ...placed, box: { ...placed.box, kind: "group", title: "add × 3,999", group: { count: 3999, members: [], expandable: false } }, width: 100, height: 38 };
    const parts = boxParts(group, "#c33");
    expect(parts.map((p) => p.tag)).toEqual(["title", "path", "rect", "rect", "text", "text"]);
    expect(parts[1]).toEqual({ tag: "path", attrs: { class: "stack", d: "M3,38 V41 H103 V3 H100 M6,38 V44 H106 V6 H100", style: "stroke:#c33" } });
    expect(boxGroupAttrs(group).class).toBe("box kind-group");
  });
});
