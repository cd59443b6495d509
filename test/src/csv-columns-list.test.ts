/**
 * `columns = ["a", "b"]` in a train section's `csv(…)`, as docs/data.md shows it: checked like the
 * string form "a,b" and read by the runtime as the same columns, in the order listed.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkSource } from "@nnc/compiler";
import { loadData } from "@nnc/runtime";

const dir = mkdtempSync(join(tmpdir(), "nnc-csv-columns-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
writeFileSync(join(dir, "d.csv"), "a,b,c,y\n1,2,3,0\n4,5,6,1\n7,8,9,0\n");

function program(columns: string): string {
  return `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W: f32[2, 2] = zeros()
  logits = x @ W
}
train M {
  input y: i32[B]
  loss = mean(cross_entropy(logits, y))
  optimizer = sgd(lr = 0.1)
  data = csv("d.csv", label = "y", columns = ${columns}, val = 0)
}
`;
}

function check(columns: string) {
  const r = checkSource("m.nn", program(columns));
  return { errors: r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`), data: r.lowered[0]?.train?.data };
}

describe("csv(columns = [...]) in a train section", () => {
  it("is accepted and means what the string form means", () => {
    const list = check('["b", "a"]');
    expect(list.errors).toEqual([]);
    expect(list.data?.args).toEqual({ 0: "d.csv", label: "y", columns: "b,a", val: 0 });
    expect(check('"b,a"').data?.args).toEqual(list.data?.args);
    // The runtime reads the listed columns in the order listed: b then a.
    const split = loadData({ source: "csv", args: list.data!.args }, dir);
    const x = split.train.fields.find((f) => f.name === "x");
    expect(x?.shape).toEqual([2]);
    expect(Array.from(x?.data ?? [])).toEqual([2, 1, 5, 4, 8, 7]);
  });

  it("refuses list items that are not usable column names, at the item", () => {
    expect(check("[1, 2]").errors).toEqual(["E0411: argument `columns` of `csv` must list column names in quotes, but this is the number 1"]);
    expect(check('["a,b"]').errors).toEqual(['E0411: argument `columns` of `csv` cannot name the column "a,b": names are matched without commas and outer blanks']);
    expect(check('[" a"]').errors).toHaveLength(1);
  });
});
