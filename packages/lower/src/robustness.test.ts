import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkText } from "./test-helpers.ts";

const dir = join(import.meta.dirname, "..", "..", "..", "examples");
const examples = readdirSync(dir)
  .filter((f) => f.endsWith(".nn"))
  .sort()
  .map((f) => readFileSync(join(dir, f), "utf8"));

/** A small edit of a text: delete, insert or duplicate a slice. */
const mutation = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom("del", "ins", "dup"), fc.constantFrom("x", "B", "1", "-1", "@", "+", "(", ")", "[", "]", ",", "=", "relu(", "f32[", "dim", "label", "0.5", "\n"));

function mutate(text: string, edits: readonly [number, number, string, string][]): string {
  let t = text;
  for (const [pos, len, kind, piece] of edits) {
    const at = pos % (t.length + 1);
    if (kind === "del") t = t.slice(0, at) + t.slice(at + len);
    else if (kind === "ins") t = t.slice(0, at) + piece + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + len) + t.slice(at);
  }
  return t;
}

describe("robustness", () => {
  it("mutated examples never make the checker throw, and every diagnostic lies inside the file", () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, edits) => {
        const text = mutate(examples[i]!, edits);
        const r = checkText(text);
        for (const d of r.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.message.length).toBeGreaterThan(0);
        }
        for (const m of r.models) {
          const ids = new Set<string>();
          for (const n of m.graph.nodes) {
            for (const inp of n.inputs) expect(ids.has(inp)).toBe(true);
            ids.add(n.id);
          }
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it("no diagnostic is reported twice at the same place", () => {
    const r = checkText("dim B\nmodel M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  a = q + q\n  y = a + q\n}\n");
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0101 3:7", "E0101 3:11", "E0101 4:11"]);
  });
});
