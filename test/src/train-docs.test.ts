/** docs/training.md's reference section is generated from the training-setting tables and kept current. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GENERATED_END, GENERATED_START, spliceGenerated, trainTablesReference } from "@nnc/ops";

const file = join(import.meta.dirname, "..", "..", "docs", "training.md");

describe("docs/training.md", () => {
  it("holds the reference generated from the tables (else run: node --conditions=@nnc/source --import tsx scripts/gen-docs.ts)", () => {
    const doc = readFileSync(file, "utf8");
    expect(doc).toContain(GENERATED_START);
    expect(spliceGenerated(doc, trainTablesReference())).toBe(doc);
  });

  it("splicing replaces exactly the text between the markers", () => {
    const doc = `intro\n${GENERATED_START}\nold\n${GENERATED_END}\nafter\n`;
    expect(spliceGenerated(doc, "new\n")).toBe(`intro\n${GENERATED_START}\nnew\n${GENERATED_END}\nafter\n`);
    expect(spliceGenerated("no markers", "x")).toBeUndefined();
  });

  it("names every optimizer, schedule, clipping, metric, initializer and data source", () => {
    const ref = trainTablesReference();
    for (const name of ["sgd(lr", "adamw(", "lion(", "one_cycle(max_lr)", "global_norm(max_norm)", "top_k(k = 5)", "rmse()", "he_normal()", "`spirals()`"]) expect(ref).toContain(name);
  });
});
