import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "@nnc/compiler";
import { backwardDrawing, forwardDrawing } from "./model.ts";
import { layoutDrawing, type GraphLayout } from "./layout.ts";
import { renderSvg } from "./svg.ts";
import type { DrawnGraph } from "./types.ts";
import { xmlProblems } from "./xml-check.ts";

/** Small and medium examples: an MLP, a CNN, an LSTM whose unrolled steps are merged, library blocks. */
const EXAMPLES = ["matvec", "mnist-mlp", "spirals", "cnn", "lstm-names", "blocks"];

function drawings(name: string): { forward: DrawnGraph; backward: DrawnGraph } {
  const text = readFileSync(new URL(`../../../examples/${name}.nn`, import.meta.url), "utf8");
  const c = compile(text, { fileName: `${name}.nn`, generate: "none", differentiate: true });
  expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return { forward: forwardDrawing(c.optimizedForward ?? c.forward!), backward: backwardDrawing(c.optimized!) };
}

/** Every box inside [0, width] × [0, height] and no two boxes sharing any area. */
function checkPlacement(laid: GraphLayout): void {
  for (const b of laid.boxes) {
    expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= laid.width && b.y + b.height <= laid.height, b.box.key).toBe(true);
  }
  laid.boxes.forEach((a, i) => {
    for (const b of laid.boxes.slice(i + 1)) {
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.box.key} overlaps ${b.box.key}`).toBe(true);
    }
  });
}

describe("layout of the examples' graphs", () => {
  it.each(EXAMPLES)("%s: every box inside the picture, none overlapping, one SVG box per drawn box", (name) => {
    for (const drawn of Object.values(drawings(name))) {
      const laid = layoutDrawing(drawn);
      expect(laid.boxes.length).toBe(drawn.boxes.length);
      checkPlacement(laid);
      const svg = renderSvg(drawn);
      expect(xmlProblems(svg)).toEqual([]);
      expect((svg.match(/<g class="box /g) ?? []).length).toBe(drawn.boxes.length);
      expect(svg).toContain(`viewBox="0 0 ${laid.width} ${laid.height}"`);
    }
  });

  it("labels every backward box of the MLP with the rule that made it, and its gradients as gradients", () => {
    const { backward } = drawings("mnist-mlp");
    const rules = backward.boxes.filter((b) => b.kind !== "ghost").map((b) => `${b.title}: ${b.detail}`);
    expect(rules).toEqual([
      "dloss: seed f32[] = 1",
      "dloss_pre: reduce_mean.vjp.0 f32[B]",
      "dlogits: cross_entropy.vjp.0 f32[B, 10]",
      "db2: broadcast.vjp.0 f32[10]",
      "dh: matmul.vjp.0 f32[B, 128]",
      "dW2: matmul.vjp.1 f32[128, 10]",
      "dh_pre: relu.vjp.0 f32[B, 128]",
      "db1: broadcast.vjp.0 f32[128]",
      "dW1: matmul.vjp.1 f32[784, 128]",
    ]);
    expect(backward.boxes.filter((b) => b.kind === "gradient").map((b) => b.title)).toEqual(["db2", "dW2", "db1", "dW1"]);
  });
});
