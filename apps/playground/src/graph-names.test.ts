/**
 * No `%N` in what the Graphs tab draws: every box of every example, forward and backward, is titled,
 * described and announced by names (display names), never by IR ids. (The e2e file keeps one spot check.)
 */
import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { EXAMPLES } from "./examples.ts";
import { boxLabel } from "./graph-svg.ts";
import { backwardDrawing, forwardDrawing } from "./graph-model.ts";

describe("box names", () => {
  it("no `%` followed by a digit in any box title, detail or accessible name, for every example", () => {
    for (const ex of EXAMPLES) {
      const a = analyze(ex.file, ex.source);
      expect(a.ok, ex.id).toBe(true);
      const boxes = [...forwardDrawing(a.forward!).boxes, ...backwardDrawing(a.grad!).boxes];
      expect(boxes.length, ex.id).toBeGreaterThan(3);
      const bad = boxes.flatMap((b) => [b.title, b.detail, boxLabel(b)]).filter((t) => /%\d/.test(t));
      expect(bad, ex.id).toEqual([]);
    }
  });
});
