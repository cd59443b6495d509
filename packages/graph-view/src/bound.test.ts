import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { boundDrawing, groupDigits, MAX_BOXES, MAX_EDGES_PER_BOX, type BoundedDrawing } from "./bound.ts";
import { layoutDrawing } from "./layout.ts";
import { backwardDrawing, forwardDrawing } from "./model.ts";
import type { Box, DrawnGraph } from "./types.ts";

const sumOf = (n: number): string => `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;

function sumDrawings(n: number): { forward: DrawnGraph; backward: DrawnGraph } {
  const c = compile(sumOf(n), { fileName: "sum.nn", generate: "none", differentiate: true, of: "y" });
  expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { forward: forwardDrawing(c.optimizedForward ?? c.forward!), backward: backwardDrawing(c.optimized!) };
}

/** Every box of `drawn` is in exactly one box of `bounded` (by key, and its ids in that box's ids). */
function checkPartition(drawn: DrawnGraph, bounded: BoundedDrawing): void {
  const owner = new Map<string, Box>();
  for (const b of bounded.boxes) {
    const members = b.group?.members ?? [b.key];
    for (const m of members) {
      expect(owner.has(m), `${m} in two boxes`).toBe(false);
      owner.set(m, b);
    }
  }
  expect(owner.size).toBe(drawn.boxes.length);
  for (const b of drawn.boxes) {
    const o = owner.get(b.key);
    expect(o, b.key).toBeDefined();
    for (const id of b.ids) expect(o!.ids).toContain(id);
  }
  expect(bounded.boxes.reduce((s, b) => s + b.ids.length, 0)).toBe(drawn.boxes.reduce((s, b) => s + b.ids.length, 0));
}

function checkBounds(bounded: BoundedDrawing, maxBoxes: number, maxEdges: number): void {
  expect(bounded.boxes.length).toBeLessThanOrEqual(maxBoxes);
  const keys = new Set(bounded.boxes.map((b) => b.key));
  const degree = new Map<string, number>();
  for (const e of bounded.edges) {
    expect(keys.has(e.from) && keys.has(e.to), `${e.from}>${e.to}`).toBe(true);
    for (const k of [e.from, e.to]) degree.set(k, (degree.get(k) ?? 0) + 1);
  }
  expect(Math.max(0, ...degree.values())).toBeLessThanOrEqual(maxEdges);
}

/** A chain of n boxes of alternating ops with a fan of `fan` parallel consts into the last one. */
function synthetic(n: number, fan: number): DrawnGraph {
  const boxes: Box[] = [];
  const edges: DrawnGraph["edges"][number][] = [];
  for (let i = 0; i < n; i++) {
    boxes.push({ key: `f:%${i}`, title: `v${i}`, detail: i % 2 === 0 ? "mul f32[4]" : "exp f32[4]", kind: "op", tie: `%${i}`, ids: [`%${i}`] });
    if (i > 0) edges.push({ from: `f:%${i - 1}`, to: `f:%${i}`, dashed: false });
  }
  for (let j = 0; j < fan; j++) {
    boxes.push({ key: `f:c${j}`, title: `c${j}`, detail: "const f32[4]", kind: "const", tie: `c${j}`, ids: [`c${j}`] });
    edges.push({ from: `f:c${j}`, to: `f:%${n - 1}`, dashed: false });
  }
  return { boxes, edges };
}

describe("boundDrawing", () => {
  it("returns a drawing within the limits unchanged", () => {
    const d = synthetic(10, 3);
    const b = boundDrawing(d);
    expect(b.boxes).toBe(d.boxes);
    expect(b.edges).toBe(d.edges);
    expect(b.hiddenEdges).toBe(0);
  });

  it("draws the 4,000-term sum as `a`, one group `add × 3,998` and `y` (forward), and its backward graph within the limits", () => {
    const { forward, backward } = sumDrawings(4000);
    expect(forward.boxes.length).toBe(4000);
    const f = boundDrawing(forward);
    checkPartition(forward, f);
    checkBounds(f, MAX_BOXES, MAX_EDGES_PER_BOX);
    expect(f.boxes.map((b) => [b.kind, b.title])).toEqual([
      ["input", "a"],
      ["group", "add × 3,998"],
      ["loss", "y"],
    ]);
    expect(f.boxes[1]!.group).toEqual({ count: 3998, members: forward.boxes.slice(1, -1).map((b) => b.key), expandable: false });
    expect(f.edges).toEqual([
      { from: "f:a", to: "group:f:%0", dashed: false },
      { from: "group:f:%0", to: "f:y", dashed: false },
      { from: "f:a", to: "f:y", dashed: false },
    ]);
    const b = boundDrawing(backward);
    checkPartition(backward, b);
    checkBounds(b, MAX_BOXES, MAX_EDGES_PER_BOX);
    // dagre is given the bounded drawing: its node count (what its running time grows with) is at most MAX_BOXES.
    const laid = layoutDrawing(f);
    expect(laid.boxes.length).toBe(3);
    expect(laid.edges.length).toBe(3);
  });

  it("groups a 200-term sum (few boxes, but `a` has 200 uses) so no box has more than the edge cap", () => {
    const { forward } = sumDrawings(200);
    const f = boundDrawing(forward);
    checkPartition(forward, f);
    checkBounds(f, MAX_BOXES, MAX_EDGES_PER_BOX);
    expect(f.boxes.map((b) => b.title)).toEqual(["a", "add × 198", "y"]);
    expect(f.boxes[1]!.group?.expandable).toBe(true);
  });

  it("falls back to fans, signatures and runs until the box limit holds, keeping a partition", () => {
    const d = synthetic(1000, 500);
    for (const maxBoxes of [300, 40, 7]) {
      const b = boundDrawing(d, { maxBoxes, maxEdgesPerBox: 10 });
      checkPartition(d, b);
      checkBounds(b, maxBoxes, 10);
    }
    // The 500 parallel consts (same successors, titles differing only in their number) become one fan group.
    const fan = boundDrawing(d, { maxBoxes: 1200 - 1 }).boxes.find((b) => b.title === "const × 500");
    expect(fan?.ids.length).toBe(500);
  });

  it("hides edges beyond the per-box cap and counts them", () => {
    const d: DrawnGraph = {
      boxes: [
        { key: "x", title: "x", detail: "input f32[1]", kind: "input", tie: "x", ids: ["x"] },
        ...Array.from({ length: 30 }, (_, i): Box => ({ key: `y${i}`, title: `y${i}`, detail: `op${i} f32[1]`, kind: "op", tie: `y${i}`, ids: [`y${i}`] })),
      ],
      edges: Array.from({ length: 30 }, (_, i) => ({ from: "x", to: `y${i}`, dashed: false })),
    };
    const b = boundDrawing(d, { maxEdgesPerBox: 24 });
    checkPartition(d, b);
    expect(b.edges.length).toBe(24);
    expect(b.hiddenEdges).toBe(6);
  });

  it("draws an expanded group box for box, the rest grouped as before", () => {
    const { forward } = sumDrawings(200);
    const b = boundDrawing(forward, { expanded: ["group:f:%0"] });
    checkPartition(forward, b);
    expect(b.boxes.length).toBe(200);
    expect(b.boxes.some((x) => x.kind === "group")).toBe(false);
    expect(b.hiddenEdges).toBeGreaterThan(0);
  });

  it("expands a second group clicked in the drawing that already has the first one open", () => {
    let pairs = 0;
    // Boxes of distinct ops with no edges (grouped in runs), then a chain with a fan (grouped as chains and fans).
    const loose = (n: number): DrawnGraph => ({ boxes: Array.from({ length: n }, (_, i): Box => ({ key: `s${i}`, title: `s${i}`, detail: `op${i} f32[1]`, kind: "op", tie: `s${i}`, ids: [`s${i}`] })), edges: [] });
    const mixed = (n: number, fan: number): DrawnGraph => {
      const a = loose(n);
      const b = synthetic(20, fan);
      return { boxes: [...a.boxes, ...b.boxes], edges: b.edges };
    };
    for (const [d, maxBoxes] of [[loose(100), 36], [loose(100), 40], [loose(61), 24], [mixed(50, 30), 40], [mixed(30, 12), 30]] as const) {
      const options = { maxBoxes, maxEdgesPerBox: 10 };
      for (const first of boundDrawing(d, options).boxes.filter((b) => b.group?.expandable === true).slice(0, 3)) {
        const once = boundDrawing(d, { ...options, expanded: [first.key] });
        for (const m of first.group!.members) expect(once.boxes.some((b) => b.key === m)).toBe(true);
        // Every expandable group of that drawing, as the user sees it there, opens box for box.
        for (const second of once.boxes.filter((b) => b.group?.expandable === true).slice(0, 6)) {
          const twice = boundDrawing(d, { ...options, expanded: [first.key, second.key] });
          checkPartition(d, twice);
          const drawn = new Set(twice.boxes.map((b) => b.key));
          for (const m of [...first.group!.members, ...second.group!.members]) expect(drawn.has(m), `${d.boxes.length}/${maxBoxes} ${first.key} then ${second.key}: ${m}`).toBe(true);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(0);
  });
});

describe("groupDigits", () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, 3998, 12345, 999999, 1000000, 1234567890]) expect(groupDigits(n)).toBe(n.toLocaleString("en-US"));
  });
});
