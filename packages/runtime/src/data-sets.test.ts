import { describe, expect, it } from "vitest";
import { bindData, fillBatch } from "./bind.ts";
import { DataError } from "./data-error.ts";
import { thrownDataError } from "./test-errors.ts";
import { loadData } from "./data-source.ts";
import { formatDataSpec, parseDataSpec } from "./data-spec.ts";
import { dataFromArrays, type Dataset } from "./dataset.ts";
import { TestMlp } from "./test-mlp.ts";

function rows(d: Dataset): string[] {
  const x = d.fields.find((f) => f.name === "x")!.data;
  const label = d.fields.find((f) => f.name === "label")!.data;
  return Array.from({ length: d.size }, (_, i) => `${x[2 * i]!},${x[2 * i + 1]!},${label[i]!}`);
}

describe("synthetic sets", () => {
  it.each(["spirals", "moons", "circles", "xor", "blobs"])("%s is deterministic, balanced and split disjointly", (source) => {
    const a = loadData({ source, args: { n: 300, seed: 5 } }, ".");
    const b = loadData({ source, args: { n: 300, seed: 5 } }, ".");
    expect(rows(a.train)).toEqual(rows(b.train));
    expect(rows(a.validation!)).toEqual(rows(b.validation!));
    expect(a.train.size).toBe(240);
    expect(a.validation!.size).toBe(60);
    const trainSet = new Set(rows(a.train));
    expect(rows(a.validation!).some((r) => trainSet.has(r))).toBe(false);
    const c = loadData({ source, args: { n: 300, seed: 6 } }, ".");
    expect(rows(c.train)).not.toEqual(rows(a.train));
    const labels = [...rows(a.train), ...rows(a.validation!)].map((r) => Number(r.split(",")[2]));
    const classes = source === "blobs" ? 3 : 2;
    for (let k = 0; k < classes; k++) expect(labels.filter((l) => l === k).length).toBeGreaterThan(300 / classes / 2);
  });

  it("puts spiral points near radius 0.1…1 and xor labels by quadrant", () => {
    const s = loadData({ source: "spirals", args: { n: 200, noise: 0, val: 0 } }, ".").train;
    const x = s.fields[0]!.data;
    for (let i = 0; i < s.size; i++) {
      const r = Math.hypot(x[2 * i]!, x[2 * i + 1]!);
      expect(r > 0.09 && r < 1.01).toBe(true);
    }
    const xor = loadData({ source: "xor", args: { n: 100, val: 0 } }, ".").train;
    const [p, l] = [xor.fields[0]!.data, xor.fields[1]!.data];
    for (let i = 0; i < xor.size; i++) expect(l[i]).toBe(p[2 * i]! * p[2 * i + 1]! < 0 ? 1 : 0);
  });
});

describe("mnist()", () => {
  it("loads the full MNIST with LeCun's split: 60,000 training images, the 10,000 test images as validation", () => {
    const a = loadData({ source: "mnist", args: {} }, ".");
    const v = a.validation!;
    expect(a.train.size).toBe(60000);
    expect(v.size).toBe(10000);
    const [x, label] = a.train.fields;
    expect(x!.name).toBe("x");
    expect(x!.shape).toEqual([784]);
    // Bytes, scaled by 1/255 when bound to a float input: pixels in [0, 1].
    expect(x!.byteScale).toBeCloseTo(1 / 255, 15);
    let max = 0;
    for (let i = 0; i < 784 * 50; i++) max = Math.max(max, x!.data[i]!);
    expect(max).toBe(255);
    // The first training labels of MNIST are 5, 0, 4, 1, 9; the first test labels 7, 2, 1, 0, 4.
    expect(Array.from(label!.data.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(v.fields[1]!.data.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    const counts = new Array<number>(10).fill(0);
    for (const l of v.fields[1]!.data) counts[l]! += 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    const where = v.locate(3);
    expect(where.file.endsWith("t10k-images-idx3-ubyte")).toBe(true);
    expect(where.where).toBe("image 3");
  });

  it("names the missing files when NNC_MNIST_DIR points elsewhere", () => {
    const saved = process.env["NNC_MNIST_DIR"];
    process.env["NNC_MNIST_DIR"] = "/nonexistent-mnist";
    try {
      expect(() => loadData({ source: "mnist", args: {} }, ".")).toThrow(/cannot read the data file `\/nonexistent-mnist\/train-images-idx3-ubyte`/);
    } finally {
      if (saved === undefined) delete process.env["NNC_MNIST_DIR"];
      else process.env["NNC_MNIST_DIR"] = saved;
    }
  });
});

describe("--data specs", () => {
  it("parses calls, named and positional arguments, lists and bare file names", () => {
    expect(parseDataSpec("spirals(n=500, noise=0.2)")).toEqual({ source: "spirals", args: { n: 500, noise: 0.2 } });
    expect(parseDataSpec('csv("a b.csv", label="y", columns=["p", "q"])')).toEqual({ source: "csv", args: { "0": "a b.csv", label: "y", columns: ["p", "q"] } });
    expect(parseDataSpec("mnist")).toEqual({ source: "mnist", args: {} });
    expect(parseDataSpec("mnist()")).toEqual({ source: "mnist", args: {} });
    expect(parseDataSpec("data/iris.csv")).toEqual({ source: "file", args: { path: "data/iris.csv" } });
    expect(parseDataSpec('"my file.csv"')).toEqual({ source: "file", args: { path: "my file.csv" } });
    expect(formatDataSpec(parseDataSpec('csv("f.csv", label="y")'))).toBe('csv("f.csv", label="y")');
  });

  it("reports malformed specs with the column", () => {
    const err = (s: string): string => {
      try {
        parseDataSpec(s);
      } catch (e) {
        if (e instanceof DataError) return e.message;
      }
      return "no error";
    };
    expect(err("spirals(n=500")).toBe("cannot read the data spec `spirals(n=500`: expected `,` or `)` at column 14");
    expect(err('csv("f.csv)')).toBe('cannot read the data spec `csv("f.csv)`: unterminated string at column 12');
    expect(err("spirals(n=5) x")).toBe("cannot read the data spec `spirals(n=5) x`: unexpected text after `)` at column 14");
  });
});

describe("binding data to a model", () => {
  const model = new TestMlp(4, [2, 3, 2]);
  const data = (x: number[], label: number[], xShape = [2]): Dataset =>
    dataFromArrays("d", [{ name: "x", shape: xShape, data: Float64Array.from(x), byteScale: 1 }, { name: "label", shape: [], data: Float64Array.from(label), byteScale: 1 }], 0, 0).train;
  const bindError = (ds: Dataset): DataError => thrownDataError(() => bindData(model.meta, ds, true));

  it("binds fields by name, converts them, and fills batches in the given order", () => {
    const b = bindData(model.meta, data([1, 2, 3, 4, 5, 6], [0, 1, 1]), true);
    expect(b.fields.map((f) => f.input)).toEqual(["x", "label"]);
    fillBatch(model, b, Int32Array.from([2, 0, 1]), 0, 2);
    expect(Array.from(model.inputs["x"]!.subarray(0, 4))).toEqual([5, 6, 1, 2]);
    expect(Array.from(model.inputs["label"]!.subarray(0, 2))).toEqual([1, 0]);
    const noLabels = bindData(model.meta, data([1, 2], [0]), false);
    expect(noLabels.fields.map((f) => f.input)).toEqual(["x"]);
  });

  it("accepts a different example shape with the same number of elements (read in C order)", () => {
    const b = bindData(model.meta, data([1, 2, 3, 4], [0, 1], [1, 2]), true);
    expect(Array.from(b.fields[0]!.data)).toEqual([1, 2, 3, 4]);
  });

  it("scales bytes bound to a float input", () => {
    const ds = dataFromArrays("bytes", [{ name: "x", shape: [2], data: Uint8Array.from([0, 255]), byteScale: 1 / 255 }, { name: "label", shape: [], data: Int32Array.from([1]), byteScale: 1 }], 0, 0).train;
    expect(Array.from(bindData(model.meta, ds, true).fields[0]!.data)).toEqual([0, 1]);
  });

  it("refuses a missing field, a shape mismatch, a fractional or out-of-range label", () => {
    const noLabel = dataFromArrays("d", [{ name: "x", shape: [2], data: Float64Array.from([1, 2]), byteScale: 1 }], 0, 0).train;
    const missing = bindError(noLabel);
    expect(missing.code).toBe("E0629");
    expect(missing.message).toBe("the data d has no field `label` for the model's input `label: i32[B]`");
    expect(missing.help).toBe("its fields are `x`; data fields bind to inputs by name");
    const shape = bindError(data([1, 2, 3], [0], [3]));
    expect(shape.code).toBe("E0630");
    expect(shape.message).toBe("the data field `x` has examples of shape [3], but the model's input `x` needs [2] per example");
    expect(bindError(data([1, 2, 3, 4], [0, 0.5])).message).toBe("d example 1: `label` is 0.5, but the model's input `label` holds whole numbers (i32)");
    const range = bindError(data([1, 2, 3, 4], [0, 2]));
    expect(range.code).toBe("E0631");
    expect(range.message).toBe("d example 1: label 2 is outside the model's classes 0…1");
  });
});
