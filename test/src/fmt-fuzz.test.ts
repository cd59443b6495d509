import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatSource } from "@nnc/compiler";
import { comments, mess, messChoices, programShape } from "./fmt-support.ts";
import { randomModelArb, randomProgram } from "./random-model-gen.ts";

const examplesDir = join(import.meta.dirname, "..", "..", "examples");
const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".nn")).sort().map((f) => readFileSync(join(examplesDir, f), "utf8"));

/** A fixed seed keeps CI reproducible; set NNC_FUZZ_SEED to explore others (fast-check prints the seed of a failure). */
const SEED = Number(process.env["NNC_FUZZ_SEED"] ?? 16);

/** Formatting `text` succeeds, is idempotent, keeps the program and every comment in order. */
function checkRoundTrip(text: string): void {
  const once = formatSource(text, "messy.nn");
  if (!once.ok) throw new Error(`does not parse:\n${text}`);
  const twice = formatSource(once.text, "messy.nn");
  expect(twice.ok && twice.text).toBe(once.text);
  expect(programShape(once.text)).toBe(programShape(text));
  expect(comments(once.text)).toEqual(comments(text));
  // Canonical spacing and indentation: no trailing spaces, no tabs, at most one empty line in a row.
  expect(once.text).not.toMatch(/[ \t]\n|\t|\n\n\n/);
}

describe("formatter round trip under fuzzing", () => {
  it("messed-up random programs: idempotent, same program, same comments", () => {
    fc.assert(
      fc.property(randomModelArb, messChoices, ([seed, steps], choices) => {
        checkRoundTrip(mess(randomProgram(seed, steps), choices));
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it("messed-up examples: idempotent, same program, same comments", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), messChoices, (i, choices) => {
        checkRoundTrip(mess(examples[i]!, choices));
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it("mess keeps the program it scrambles (so the properties above test the formatter)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: examples.length - 1 }), messChoices, (i, choices) => {
        const messy = mess(examples[i]!, { ...choices, lines: choices.lines.map((l) => ({ ...l, before: l.before.filter((c) => !c.startsWith("##")) })) });
        expect(programShape(messy)).toBe(programShape(examples[i]!));
      }),
      { numRuns: 30, seed: SEED },
    );
  });
});
