import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bindData } from "./bind.ts";
import type { DataError } from "./data-error.ts";
import { thrownDataError } from "./test-errors.ts";
import { loadData } from "./data-source.ts";
import { dataFromArrays, makeDataset, splitDataset, type Dataset } from "./dataset.ts";
import { tsvText } from "./predict.ts";
import { TestMlp } from "./test-mlp.ts";

function bindError(model: TestMlp, ds: Dataset): DataError {
  return thrownDataError(() => bindData(model.meta, ds, true));
}

/** An IDX file of unsigned bytes (big-endian dims). */
function idxBytes(dims: number[], values: number[]): Uint8Array {
  const b = new DataView(new ArrayBuffer(4 + 4 * dims.length + values.length));
  b.setUint8(2, 8);
  b.setUint8(3, dims.length);
  dims.forEach((d, i) => { b.setUint32(4 + 4 * i, d, false); });
  values.forEach((v, i) => { b.setUint8(4 + 4 * dims.length + i, v); });
  return new Uint8Array(b.buffer);
}

describe("label errors", () => {
  it("name the file that holds the labels, not the x file", () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-labels-"));
    writeFileSync(join(dir, "x.idx"), idxBytes([3, 2], [1, 2, 3, 4, 5, 6]));
    writeFileSync(join(dir, "y.idx"), idxBytes([3], [0, 1, 5]));
    const ds = loadData({ source: "idx", args: { x: "x.idx", label: "y.idx", val: 0 } }, dir).train;
    const e = bindError(new TestMlp(4), ds);
    expect(e.code).toBe("E0631");
    expect(e.message).toBe(`${join(dir, "y.idx")} record 2: label 5 is outside the model's classes 0…1`);
    expect(e.file).toBe(join(dir, "y.idx"));
    expect(e.help).toBe("the model's output has 2 classes; relabel the data or widen the output to f32[B, 6] if the data is right");
  });

  it("say something sensible for a negative label and for an output with 0 classes", () => {
    const ds = (labels: number[]): Dataset => dataFromArrays("d", [{ name: "x", shape: [2], data: new Float64Array(2 * labels.length), byteScale: 1 }, { name: "label", shape: [], data: Int32Array.from(labels), byteScale: 1 }], 0, 0).train;
    const negative = bindError(new TestMlp(4), ds([0, -1]));
    expect(negative.message).toBe("d example 1: label -1 is outside the model's classes 0…1");
    expect(negative.help).toBe("labels are class indices counted from 0; relabel the data to 0…1");
    const none = bindError(new TestMlp(4, [2, 3, 0]), ds([0]));
    expect(none.message).toBe("d example 0: label 0 fits no class: the model's output has 0 classes");
    expect(none.help).not.toContain("f32[B, 0]");
    expect(none.help).toContain("give the output one column per class");
  });
});

describe("tsvText", () => {
  it("escapes what would split a TSV field or reach the terminal, and nothing else", () => {
    expect(tsvText("a\tb")).toBe("a\\tb");
    expect(tsvText("\u001b[31mred")).toBe("\\x1b[31mred");
    expect(tsvText("bel\u0007")).toBe("bel\\x07");
    expect(tsvText("line\nbreak\r")).toBe("line\\nbreak\\r");
    expect(tsvText("back\\slash")).toBe("back\\\\slash");
    expect(tsvText("\u0085\u009b\u007f")).toBe("\\x85\\x9b\\x7f");
    expect(tsvText("sep\u2028par\u2029rlo\u202egeh\u2066")).toBe("sep\\u2028par\\u2029rlo\\u202egeh\\u2066");
    expect(tsvText("setosa, 猫 é 🐈")).toBe("setosa, 猫 é 🐈");
  });
});

describe("the in-place split (CSV and JSON readers)", () => {
  it("gives the same parts, values and locations as the copying split", () => {
    const make = (): Dataset => makeDataset("d", [
      { name: "x", shape: [3], data: Float64Array.from({ length: 303 }, (_, i) => i * 0.5), byteScale: 1 },
      { name: "label", shape: [], data: Int32Array.from({ length: 101 }, (_, i) => i % 7), byteScale: 1 },
    ], (i) => ({ file: "d.csv", where: `line ${i + 2}` }));
    const copied = splitDataset(make(), 0.3, 11);
    const inPlace = splitDataset(make(), 0.3, 11, true);
    for (const part of ["train", "validation"] as const) {
      const a = copied[part]!;
      const b = inPlace[part]!;
      expect([b.name, b.size]).toEqual([a.name, a.size]);
      for (const [k, f] of a.fields.entries()) expect(Array.from(b.fields[k]!.data)).toEqual(Array.from(f.data));
      for (let i = 0; i < a.size; i++) expect(b.locate(i)).toEqual(a.locate(i));
    }
  });
});
