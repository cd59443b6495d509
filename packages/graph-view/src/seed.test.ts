import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { boundDrawing } from "./bound.ts";
import { backwardDrawing } from "./model.ts";
import { SEED_KEY } from "./seed.ts";
import type { DrawnGraph } from "./types.ts";

/** The backward drawing of `model S` as the playground differentiates it (first output, w.r.t. its float inputs). */
function backward(body: string, signature = "x: f32) -> (y: f32"): DrawnGraph {
  const c = compile(`model S(${signature}) {\n  ${body}\n}\n`, { fileName: "s.nn", generate: "none", of: "y", wrt: ["x"] });
  expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return backwardDrawing(c.optimized!);
}

/** Each edge as `from title → to title`. */
const arrows = (d: DrawnGraph): string[] => {
  const title = new Map(d.boxes.map((b) => [b.key, b.title]));
  return d.edges.map((e) => `${title.get(e.from)} → ${title.get(e.to)}${e.dashed ? " (dashed)" : ""}`);
};

describe("the seed of a backward drawing", () => {
  it("draws the folded seed of a scalar sum and its edge into the fan-out (y = x + x + x: dx folds to 3)", () => {
    const d = backward("y = x + x + x");
    expect(d.boxes.map((b) => `${b.title}: ${b.detail}`)).toEqual(["dy: seed f32[] = 1", "dx: fanout f32[]"]);
    expect(d.boxes[0]).toMatchObject({ key: SEED_KEY, kind: "backward", tie: "y", ids: ["y"] });
    expect(arrows(d)).toEqual(["dy → dx"]);
  });

  it("feeds every box the seed was folded into, and leaves the forward values it reads dashed", () => {
    expect(arrows(backward("y = x * x"))).toEqual(["dy → dx", "x → dx (dashed)"]);
    const mean = backward("y = mean(x * x)", "x: f32[4]) -> (y: f32");
    expect(mean.boxes[0]!.title).toBe("dy");
    expect(arrows(mean).filter((a) => a.startsWith("dy →"))).toEqual(["dy → dy_pre_via_y"]);
  });

  it("adds nothing when the graph keeps its cotangent input (a non-scalar output)", () => {
    const d = backward("y = x + x + x", "x: f32[3]) -> (y: f32[3]");
    expect(d.boxes.map((b) => `${b.title}: ${b.detail}`)).toEqual(["dy: cotangent f32[3]", "dx: fanout f32[3]"]);
    expect(d.boxes.some((b) => b.key === SEED_KEY)).toBe(false);
    expect(arrows(d)).toEqual(["dy → dx"]);
  });

  it("draws a 1,000-term scalar sum as the same two boxes, within the drawing bound", () => {
    const d = backward(`y = ${Array.from({ length: 1000 }, () => "x").join(" + ")}`);
    const bounded = boundDrawing(d);
    expect(bounded.boxes.map((b) => b.title)).toEqual(["dy", "dx"]);
    expect(arrows(bounded)).toEqual(["dy → dx"]);
  });
});
