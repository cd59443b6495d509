import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { DataError } from "./data-error.ts";
import { thrownDataError } from "./test-errors.ts";
import { loadData } from "./data-source.ts";
import type { DataSplit } from "./dataset.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-data-"));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const dataError = thrownDataError;

const all = (spec: Parameters<typeof loadData>[0]): DataSplit => loadData({ source: spec.source, args: { ...spec.args, val: 0 } }, dir);

/** An IDX file: big-endian header and elements. */
function idx(type: number, dims: number[], values: number[]): Uint8Array {
  const width = { 8: 1, 12: 4, 13: 4, 14: 8 }[type] ?? 1;
  const buf = new DataView(new ArrayBuffer(4 + 4 * dims.length + values.length * width));
  buf.setUint8(2, type);
  buf.setUint8(3, dims.length);
  dims.forEach((d, i) => { buf.setUint32(4 + 4 * i, d, false); });
  const at = 4 + 4 * dims.length;
  values.forEach((v, i) => {
    if (type === 8) buf.setUint8(at + i, v);
    else if (type === 12) buf.setInt32(at + 4 * i, v, false);
    else if (type === 13) buf.setFloat32(at + 4 * i, v, false);
    else buf.setFloat64(at + 8 * i, v, false);
  });
  return new Uint8Array(buf.buffer);
}

/** A version-1 .npy file. */
function npy(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(data, 10 + header.length);
  return out;
}

describe("CSV", () => {
  it("reads a header, the label column and the feature columns", () => {
    file("ok.csv", "a,b,y\n1,2,0\n3.5,-4e-1,1\n\n");
    const d = all({ source: "csv", args: { "0": "ok.csv", label: "y" } }).train;
    expect(d.size).toBe(2);
    expect(d.fields.map((f) => [f.name, f.shape, Array.from(f.data)])).toEqual([
      ["x", [2], [1, 2, 3.5, -0.4]],
      ["label", [], [0, 1]],
    ]);
    expect(d.locate(1)).toEqual({ file: join(dir, "ok.csv"), where: "line 3" });
  });

  it("selects columns, maps text labels to sorted classes, and reads quoted cells", () => {
    file("iris.csv", 'w,h,"species"\n1,9,"virginica"\n2,8,setosa\n3,7,virginica\n');
    const d = all({ source: "csv", args: { "0": "iris.csv", label: "species", columns: ["h"] } }).train;
    expect(Array.from(d.fields[0]!.data)).toEqual([9, 8, 7]);
    expect(Array.from(d.fields[1]!.data)).toEqual([1, 0, 1]);
    expect(d.fields[1]!.classNames).toEqual(["setosa", "virginica"]);
  });

  it("reports a wrong column count with the line", () => {
    file("short.csv", "a,b,label\n1,2,0\n1,2\n");
    const e = dataError(() => all({ source: "csv", args: { "0": "short.csv" } }));
    expect(e.code).toBe("E0623");
    expect(e.message).toBe(`\`${join(dir, "short.csv")}\` line 3 has 2 columns, but the header has 3`);
    expect(e.where).toBe("line 3");
  });

  it("reports a non-numeric cell with line and column", () => {
    file("text.csv", "a,b,label\n1,2,0\n1,two,1\n");
    const e = dataError(() => all({ source: "csv", args: { "0": "text.csv" } }));
    expect(e.code).toBe("E0624");
    expect(e.message).toBe(`\`${join(dir, "text.csv")}\` line 3, column \`b\`: "two" is not a number`);
  });

  it("reports an unknown label column with the columns there are", () => {
    file("nolabel.csv", "a,b\n1,2\n");
    const e = dataError(() => all({ source: "csv", args: { "0": "nolabel.csv", label: "y" } }));
    expect(e.code).toBe("E0625");
    expect(e.message).toBe(`\`${join(dir, "nolabel.csv")}\` has no column \`y\``);
    expect(e.help).toBe("its columns are `a`, `b`");
  });

  it("reports a missing file", () => {
    const e = dataError(() => all({ source: "file", args: { path: "missing.csv" } }));
    expect(e.code).toBe("E0620");
    expect(e.message).toBe(`cannot read the data file \`${join(dir, "missing.csv")}\`: no such file`);
  });
});

describe("IDX", () => {
  it("reads images and labels, gzipped or not, scaling bytes", () => {
    file("img.idx3-ubyte", idx(8, [2, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4]));
    file("lab.idx1-ubyte.gz", gzipSync(idx(8, [2], [7, 3])));
    const d = all({ source: "idx", args: { "0": "img.idx3-ubyte", "1": "lab.idx1-ubyte.gz" } }).train;
    expect(d.size).toBe(2);
    expect(d.fields[0]!.shape).toEqual([2, 2]);
    expect(Array.from(d.fields[0]!.data)).toEqual([0, 255, 51, 102, 1, 2, 3, 4]);
    expect(d.fields[0]!.byteScale).toBeCloseTo(1 / 255, 15);
    expect(Array.from(d.fields[1]!.data)).toEqual([7, 3]);
  });

  it("reads float and int element types", () => {
    file("f.idx", idx(13, [2, 1], [0.5, -2]));
    file("d.idx", idx(14, [1, 2], [0.25, 1e10]));
    file("i.idx", idx(12, [2], [-5, 70000]));
    expect(Array.from(all({ source: "idx", args: { x: "f.idx" } }).train.fields[0]!.data)).toEqual([0.5, -2]);
    expect(Array.from(all({ source: "idx", args: { x: "d.idx" } }).train.fields[0]!.data)).toEqual([0.25, 1e10]);
    expect(Array.from(all({ source: "idx", args: { x: "i.idx" } }).train.fields[0]!.data)).toEqual([-5, 70000]);
  });

  it("rejects a bad magic, an unknown type, truncation and trailing bytes with the byte offset", () => {
    file("bad-magic.idx", new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]));
    file("bad-type.idx", new Uint8Array([0, 0, 7, 1, 0, 0, 0, 0]));
    file("trunc.idx", idx(8, [3, 2], [1, 2, 3, 4, 5, 6]).subarray(0, 14));
    file("trunc-header.idx", new Uint8Array([0, 0, 8, 3, 0, 0]));
    const msg = (name: string): string => dataError(() => all({ source: "idx", args: { x: name } })).message;
    expect(msg("bad-magic.idx")).toBe(`\`${join(dir, "bad-magic.idx")}\` is not an IDX file: its first two bytes must be zero (byte offset 0)`);
    expect(msg("bad-type.idx")).toBe(`\`${join(dir, "bad-type.idx")}\` has an unknown IDX element type 0x07 (byte offset 2)`);
    expect(msg("trunc.idx")).toBe(`\`${join(dir, "trunc.idx")}\` is truncated: dims [3, 2] need 18 bytes, but the file has 14 (byte offset 14)`);
    expect(msg("trunc-header.idx")).toBe(`\`${join(dir, "trunc-header.idx")}\` is truncated inside its header: 3 dims need 16 header bytes, but the file has 6 (byte offset 6)`);
    expect(dataError(() => all({ source: "idx", args: { x: "trunc.idx" } })).code).toBe("E0626");
  });

  it("rejects image and label files of different lengths", () => {
    file("two.idx", idx(8, [2, 1], [1, 2]));
    file("three.idx", idx(8, [3], [1, 2, 3]));
    const e = dataError(() => all({ source: "idx", args: { x: "two.idx", label: "three.idx" } }));
    expect(e.code).toBe("E0633");
    expect(e.message).toContain("`x` has 2 examples, `label` has 3");
  });
});

describe("NPY", () => {
  const f4 = new Uint8Array(new Float32Array([1.5, -2, 3, 4]).buffer);
  it("reads f4, f8, i4 and u1 arrays in C order", () => {
    file("x.npy", npy("<f4", [2, 2], f4));
    file("y.npy", npy("<i4", [2], new Uint8Array(new Int32Array([1, 0]).buffer)));
    file("d.npy", npy("<f8", [1], new Uint8Array(new Float64Array([0.1]).buffer)));
    file("u.npy", npy("|u1", [3], new Uint8Array([0, 128, 255])));
    const d = all({ source: "npy", args: { x: "x.npy", label: "y.npy" } }).train;
    expect(Array.from(d.fields[0]!.data)).toEqual([1.5, -2, 3, 4]);
    expect(d.fields[0]!.shape).toEqual([2]);
    expect(Array.from(d.fields[1]!.data)).toEqual([1, 0]);
    expect(Array.from(all({ source: "file", args: { path: "d.npy" } }).train.fields[0]!.data)).toEqual([0.1]);
    expect(Array.from(all({ source: "npy", args: { x: "u.npy" } }).train.fields[0]!.data)).toEqual([0, 128, 255]);
  });

  it("rejects bad magic, unsupported dtypes, Fortran order and truncation", () => {
    file("magic.npy", "not numpy at all");
    file("dtype.npy", npy(">f4", [1], new Uint8Array(4)));
    file("fortran.npy", npy("<f4", [2, 2], f4, true));
    file("trunc.npy", npy("<f4", [2, 2], f4.subarray(0, 12)));
    const err = (name: string): DataError => dataError(() => all({ source: "npy", args: { x: name } }));
    expect(err("magic.npy").message).toBe(`\`${join(dir, "magic.npy")}\` is not a .npy file: it must start with the bytes \\x93NUMPY (byte offset 0)`);
    expect(err("dtype.npy").message).toBe(`\`${join(dir, "dtype.npy")}\` has dtype '>f4', which nnc does not read (byte offset 10)`);
    expect(err("fortran.npy").message).toBe(`\`${join(dir, "fortran.npy")}\` is stored in Fortran order (byte offset 10)`);
    expect(err("trunc.npy").message).toBe(`\`${join(dir, "trunc.npy")}\` is truncated: shape (2, 2) of '<f4' needs 144 bytes, but the file has 140 (byte offset 140)`);
    expect(err("trunc.npy").code).toBe("E0627");
  });
});

describe("JSON", () => {
  it("reads one list of records per field", () => {
    file("ok.json", JSON.stringify({ x: [[1, 2], [3, 4], [5, 6]], label: [0, 1, 1] }));
    const d = all({ source: "json", args: { "0": "ok.json" } }).train;
    expect(d.fields.map((f) => [f.name, f.shape, Array.from(f.data)])).toEqual([
      ["x", [2], [1, 2, 3, 4, 5, 6]],
      ["label", [], [0, 1, 1]],
    ]);
  });

  it("names the record with a wrong shape or a non-number", () => {
    file("ragged.json", JSON.stringify({ x: [[1, 2], [3]], label: [0, 1] }));
    file("text.json", JSON.stringify({ x: [[1, 2], [3, "a"]] }));
    file("broken.json", '{"x": [1, 2');
    expect(dataError(() => all({ source: "json", args: { "0": "ragged.json" } })).message).toBe(`\`${join(dir, "ragged.json")}\` field \`x\` record 1: has shape [1], but record 0 has [2]`);
    expect(dataError(() => all({ source: "json", args: { "0": "text.json" } })).message).toBe(`\`${join(dir, "text.json")}\` field \`x\` record 1: [1] is string, not a number or a list`);
    const broken = dataError(() => all({ source: "json", args: { "0": "broken.json" } }));
    expect(broken.code).toBe("E0628");
    expect(broken.message).toContain("not valid JSON");
  });
});

describe("sources and arguments", () => {
  it("rejects unknown sources and arguments", () => {
    expect(dataError(() => loadData({ source: "mnsit", args: {} }, dir)).message).toBe("unknown data source `mnsit`");
    const e = dataError(() => loadData({ source: "moons", args: { nosie: 0.1 } }, dir));
    expect(e.code).toBe("E0622");
    expect(e.message).toBe("`moons` has no argument `nosie`");
    expect(e.help).toBe("its arguments are n, noise, seed, val");
    expect(dataError(() => loadData({ source: "spirals", args: { n: 1.5 } }, dir)).message).toBe("argument `n` of `spirals` must be a whole number in [2, 10000000], got 1.5");
  });
});
