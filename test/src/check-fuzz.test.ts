import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";
import { standardLibrary } from "@nnc/lower";

const examplesDir = join(import.meta.dirname, "..", "..", "examples");
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".nn"))
  .map((f) => readFileSync(join(examplesDir, f), "utf8"));

/** Every span lies inside its own file: the checked text, or a standard-library file a label points into. */
function expectSpansInside(ds: readonly Diagnostic[], text: string, fileName: string): void {
  for (const d of ds) {
    for (const span of [d.span, ...d.labels.map((l) => l.span)]) {
      const own = span.file === fileName ? text : standardLibrary().files.get(span.file)?.text;
      expect(own, `span in ${span.file}`).toBeDefined();
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.start).toBeLessThanOrEqual(span.end);
      expect(span.end).toBeLessThanOrEqual(own!.length);
      expect(span.line).toBeGreaterThanOrEqual(1);
      expect(span.column).toBeGreaterThanOrEqual(1);
    }
    expect(d.code).toMatch(/^E\d{4}$/);
  }
}

/** A random edit of a source: delete, duplicate or insert a character or a token-ish fragment. */
const mutation = fc.record({
  kind: fc.constantFrom("delete", "duplicate", "insert"),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  fragment: fc.constantFrom("(", ")", "[", "]", "{", "}", ",", "=", "@", "|>", "-", "1e999", '"', "f32[B]", "param", "\u0000", "é", "\n", "x", "3"),
});

function mutate(text: string, edits: readonly { kind: string; at: number; len: number; fragment: string }[]): string {
  let t = text;
  for (const e of edits) {
    const at = e.at % (t.length + 1);
    if (e.kind === "delete") t = t.slice(0, at) + t.slice(at + e.len);
    else if (e.kind === "duplicate") t = t.slice(0, at) + t.slice(at, at + e.len) + t.slice(at);
    else t = t.slice(0, at) + e.fragment + t.slice(at);
  }
  return t;
}

describe("checkSource never crashes (parse + check + lower)", () => {
  it("on random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        const r = checkSource("fuzz.nn", text);
        expectSpansInside(r.diagnostics, text, "fuzz.nn");
      }),
      { numRuns: 120 },
    );
  });

  it("on the mutation fast-check found with seed 1390989129 (a span inside the standard library, past the mutant's length)", () => {
    const text = mutate(examples[examples.findIndex((e) => e.startsWith("# char-transformer.nn"))]!, [
      { kind: "duplicate", at: 0, len: 9, fragment: "(" },
      { kind: "delete", at: 1907150379, len: 2, fragment: "(" },
      { kind: "delete", at: 0, len: 1, fragment: "(" },
    ]);
    const r = checkSource("mutant.nn", text);
    const spans = r.diagnostics.flatMap((d) => [d.span, ...d.labels.map((l) => l.span)]);
    expect(spans.some((s) => s.file === "nnc:std/attention.nn" && s.end > text.length)).toBe(true);
    expectSpansInside(r.diagnostics, text, "mutant.nn");
  });

  it("on random mutations of the examples, and a mutated program with errors reports at least one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, edits) => {
        const text = mutate(examples[i]!, edits);
        const r = checkSource("mutant.nn", text);
        expectSpansInside(r.diagnostics, text, "mutant.nn");
        // Either the program still checks clean (and lowers), or something is reported.
        if (!r.diagnostics.some((d) => d.severity === "error")) expect(r.lowered.length).toBe(r.models.length);
      }),
      { numRuns: 200 },
    );
  });
});
