/**
 * The issue-12 examples train: examples/char-transformer.nn and examples/lstm-names.nn, compiled to
 * their training class (f32, as `nnc train` runs them) and stepped on the shipped names corpus for
 * 15 batches. The real figures (minutes of training, validation nats/char against the bigram
 * baseline) are in the examples' header comments and the README; this only pins that the files
 * compile to a program whose loss is finite and falls below uniform guessing (ln 27 nats/char).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInThisContext } from "node:vm";
import { compile } from "@nnc/compiler";
import { loadData, type CompiledModel, type Dataset } from "@nnc/runtime";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const BATCH = 32;
const STEPS = 15;

/** The example's training class, compiled from its file (any error diagnostic fails the test). */
function trainingClass(file: string): CompiledModel {
  const c = compile(readFileSync(join(root, "examples", file), "utf8"), { fileName: `examples/${file}`, dtype: "f32", generate: "class", target: "js" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const g = c.generated;
  if (g === undefined) throw new Error("no class generated");
  const Cls = runInThisContext(`(() => {\n"use strict";\n${g.code}\nreturn ${g.className};\n})()`) as new (maxBatch: number) => CompiledModel;
  const model = new Cls(BATCH);
  model.initParams(1);
  return model;
}

/** Copies rows `first … first + BATCH − 1` of every field of `ds` into the model's input of that name. */
function bind(model: CompiledModel, ds: Dataset, first: number): void {
  for (const f of ds.fields) {
    const per = f.shape.reduce((a, b) => a * b, 1);
    const input = model.inputs[f.name];
    if (input === undefined) throw new Error(`the model has no input ${f.name}`);
    input.set(f.data.subarray(first * per, (first + BATCH) * per));
  }
}

const split = loadData({ source: "names", args: { context: 16 } }, root);
const validation = split.validation;

describe.each(["char-transformer.nn", "lstm-names.nn"])("%s on names()", (file) => {
  it(`trains: ${STEPS} steps of ${BATCH} names bring the held-out loss from its start to below ln 27`, () => {
    if (validation === null) throw new Error("names() keeps a validation split");
    const model = trainingClass(file);
    bind(model, validation, 0);
    const before = model.evalLoss(BATCH);
    for (let s = 0; s < STEPS; s++) {
      bind(model, split.train, s * BATCH);
      expect(Number.isFinite(model.trainStep(BATCH)), `step ${s}`).toBe(true);
    }
    bind(model, validation, 0);
    const after = model.evalLoss(BATCH);
    expect(Number.isFinite(before)).toBe(true);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThan(Math.log(27));
  });
});

describe("README.md", () => {
  it("shows the model of examples/char-transformer.nn as the file has it", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    // the block may declare its dims first (`dim B`), so that it checks on its own
    const snippet = /```nn\n(?:dim \w+\n)*(model CharGpt[^`]*?\n\})\n```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    expect(readFileSync(join(root, "examples", "char-transformer.nn"), "utf8")).toContain(`${snippet}\n`);
  });
});
