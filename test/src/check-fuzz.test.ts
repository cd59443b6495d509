import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";

const examplesDir = join(import.meta.dirname, "..", "..", "examples");
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith(".nn"))
  .map((f) => readFileSync(join(examplesDir, f), "utf8"));

function expectSpansInside(ds: readonly Diagnostic[], text: string): void {
  for (const d of ds) {
    for (const span of [d.span, ...d.labels.map((l) => l.span)]) {
      expect(span.start).toBeGreaterThanOrEqual(0);
      expect(span.end).toBeLessThanOrEqual(text.length);
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
        expectSpansInside(r.diagnostics, text);
      }),
      { numRuns: 120 },
    );
  });

  it("on random mutations of the examples, and a mutated program with errors reports at least one", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (i, edits) => {
        const text = mutate(examples[i]!, edits);
        const r = checkSource("mutant.nn", text);
        expectSpansInside(r.diagnostics, text);
        // Either the program still checks clean (and lowers), or something is reported.
        if (!r.diagnostics.some((d) => d.severity === "error")) expect(r.lowered.length).toBe(r.models.length);
      }),
      { numRuns: 200 },
    );
  });
});
