import { readFileSync } from "node:fs";
import type * as Compiler from "@nnc/compiler";
import { backwardDrawing, boundDrawing, forwardDrawing, layoutDrawing } from "@nnc/graph-view";
import { describe, expect, it, vi } from "vitest";
import { summarize } from "./analysis-summary.ts";
import { analyze } from "./analyze.ts";

// Counts the compiler's explanations: the analysis Worker's first answer (check, summary, drawings)
// must not compute one; the detail pane's first request computes it once.
const explanations = vi.hoisted(() => ({ count: 0 }));
vi.mock("@nnc/compiler", async (importOriginal) => {
  const real = await importOriginal<typeof Compiler>();
  const explainCompilation: typeof real.explainCompilation = (c) => {
    explanations.count++;
    return real.explainCompilation(c);
  };
  return { ...real, explainCompilation };
});

const source = (name: string): string => readFileSync(new URL(`../../../examples/${name}.nn`, import.meta.url), "utf8");

describe("the backward graph's explanation waits for the detail pane", () => {
  it("is not computed by analysing, summarising and drawing a program; the first ask computes it once", () => {
    explanations.count = 0;
    const a = analyze("spirals.nn", source("spirals"));
    expect(a.ok).toBe(true);
    if (a.forward === undefined || a.grad === undefined) throw new Error("spirals.nn was not differentiated");
    summarize(a, 1);
    for (const drawn of [forwardDrawing(a.forward), backwardDrawing(a.grad)]) layoutDrawing(boundDrawing(drawn, { expanded: [] }));
    expect(explanations.count).toBe(0);

    const first = a.explained();
    expect(first.failure).toBeUndefined();
    expect(first.stmts.length).toBeGreaterThan(0);
    expect(a.explained()).toBe(first);
    expect(explanations.count).toBe(1);
  });
});
