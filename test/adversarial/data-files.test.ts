/**
 * Malformed data files (CSV, IDX, NPY, JSON, gzip): each is refused with a coded diagnostic naming the
 * file, exit 1 or 2, no stack, and the folder holding them is left exactly as it was.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { expectCleanFailure, expectUnchanged, nnc, scratch, snapshot, spiralModel } from "./harness.ts";

/** A big-endian IDX header: 00 00 TYPE NDIMS, then each dim as u32. */
function idxHeader(type: number, dims: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = type;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d >>> 0, 4 + 4 * i));
  return b;
}

/** An NPY v1 file with the given header dictionary text and body. */
function npy(dict: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const magic = Buffer.from([0x93, ...Buffer.from("NUMPY"), 1, 0]);
  let header = `${dict} `;
  while ((10 + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const len = Buffer.alloc(2);
  len.writeUInt16LE(header.length);
  return Buffer.concat([magic, len, Buffer.from(header, "latin1"), body]);
}

const CSV_HEADER = "a,b,label\n";

/** File name → content, and the data spec that reads it (relative to the folder). */
const CASES: Record<string, { file: string; content: string | Buffer; spec: string }> = {
  "csv: empty file": { file: "d.csv", content: "", spec: 'csv("d.csv")' },
  "csv: header only": { file: "d.csv", content: CSV_HEADER, spec: 'csv("d.csv")' },
  "csv: ragged row": { file: "d.csv", content: `${CSV_HEADER}1,2,0\n1,0\n`, spec: 'csv("d.csv")' },
  "csv: non-numeric feature": { file: "d.csv", content: `${CSV_HEADER}1,x,0\n`, spec: 'csv("d.csv")' },
  "csv: infinite feature": { file: "d.csv", content: `${CSV_HEADER}1e999,2,0\n3,4,1\n`, spec: 'csv("d.csv")' },
  "csv: NaN feature": { file: "d.csv", content: `${CSV_HEADER}NaN,2,0\n3,4,1\n`, spec: 'csv("d.csv")' },
  "csv: duplicate column names": { file: "d.csv", content: "a,a,label\n1,2,0\n3,4,1\n", spec: 'csv("d.csv")' },
  "csv: empty separator": { file: "d.csv", content: `${CSV_HEADER}1,2,0\n`, spec: 'csv("d.csv", sep = "")' },
  "csv: two-character separator": { file: "d.csv", content: `${CSV_HEADER}1,2,0\n`, spec: 'csv("d.csv", sep = "ab")' },
  "csv: quote as separator": { file: "d.csv", content: `${CSV_HEADER}1,2,0\n`, spec: 'csv("d.csv", sep = "\\"")' },
  "csv: unterminated quote": { file: "d.csv", content: `${CSV_HEADER}1,"2,0\n3,4,1\n`, spec: 'csv("d.csv")' },
  "csv: missing label column": { file: "d.csv", content: "a,b\n1,2\n", spec: 'csv("d.csv", label = "y")' },
  "csv: label out of range": { file: "d.csv", content: `${CSV_HEADER}1,2,7\n3,4,1\n`, spec: 'csv("d.csv")' },
  "csv: NUL bytes": { file: "d.csv", content: `${CSV_HEADER}1,\u0000,0\n`, spec: 'csv("d.csv")' },
  "csv: not UTF-8": { file: "d.csv", content: Buffer.from([0x61, 0x2c, 0x62, 0x2c, 0x6c, 0x0a, 0xff, 0xfe, 0x2c, 0x31, 0x2c, 0x30, 0x0a]), spec: 'csv("d.csv")' },
  "csv.gz: not gzip": { file: "d.csv.gz", content: "plain text", spec: '"d.csv.gz"' },
  "csv.gz: truncated gzip": { file: "d.csv.gz", content: gzipSync(`${CSV_HEADER}1,2,0\n`).subarray(0, 12), spec: '"d.csv.gz"' },
  "idx: bad magic": { file: "x-ubyte", content: Buffer.from([1, 2, 3, 4, 0, 0, 0, 1]), spec: 'idx("x-ubyte", "x-ubyte")' },
  "idx: unknown type": { file: "x-ubyte", content: Buffer.concat([idxHeader(0x42, [2]), Buffer.alloc(2)]), spec: 'idx("x-ubyte", "x-ubyte")' },
  "idx: truncated data": { file: "x-ubyte", content: Buffer.concat([idxHeader(0x08, [10, 2]), Buffer.alloc(5)]), spec: 'idx("x-ubyte", "x-ubyte")' },
  "idx: dims claim 2^64 bytes": { file: "x-ubyte", content: Buffer.concat([idxHeader(0x08, [0xffffffff, 0xffffffff, 0xffffffff]), Buffer.alloc(16)]), spec: 'idx("x-ubyte", "x-ubyte")' },
  "idx: zero dims": { file: "x-ubyte", content: idxHeader(0x08, []), spec: 'idx("x-ubyte", "x-ubyte")' },
  "npy: bad magic": { file: "x.npy", content: Buffer.from("not numpy at all"), spec: 'npy("x.npy", "x.npy")' },
  "npy: malformed header": { file: "x.npy", content: npy("{'descr': '<f4', 'shape': (2,"), spec: 'npy("x.npy", "x.npy")' },
  "npy: unsupported dtype": { file: "x.npy", content: npy("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", Buffer.alloc(32)), spec: 'npy("x.npy", "x.npy")' },
  "npy: fortran order": { file: "x.npy", content: npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", Buffer.alloc(16)), spec: 'npy("x.npy", "x.npy")' },
  "npy: huge shape": { file: "x.npy", content: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", Buffer.alloc(16)), spec: 'npy("x.npy", "x.npy")' },
  "npy: negative shape": { file: "x.npy", content: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 2), }", Buffer.alloc(16)), spec: 'npy("x.npy", "x.npy")' },
  "json: not JSON": { file: "d.json", content: "{x: [1, 2]", spec: 'json("d.json")' },
  "json: wrong types": { file: "d.json", content: '{"x": "hello", "label": {"a": 1}}', spec: 'json("d.json")' },
  "json: ragged records": { file: "d.json", content: '{"x": [[1, 2], [3]], "label": [0, 1]}', spec: 'json("d.json")' },
  "json: fields of different lengths": { file: "d.json", content: '{"x": [[1, 2], [3, 4]], "label": [0]}', spec: 'json("d.json")' },
  "json: 100k-deep nesting": { file: "d.json", content: `{"x": ${"[".repeat(100_000)}${"]".repeat(100_000)}, "label": [0]}`, spec: 'json("d.json")' },
  "json: huge numbers": { file: "d.json", content: '{"x": [[1e999, 2], [3, 4]], "label": [0, 1]}', spec: 'json("d.json")' },
  "missing file": { file: "other.csv", content: "", spec: 'csv("nope.csv")' },
  "a folder as the data file": { file: "folder.csv", content: "", spec: 'csv(".")' },
};

describe("malformed data files are refused cleanly", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const dir = scratch("data");
      writeFileSync(join(dir, c.file), c.content);
      writeFileSync(join(dir, "m.nn"), spiralModel(c.spec));
      const before = snapshot(dir);
      const o = await nnc(["train", join(dir, "m.nn"), "--epochs", "1"]);
      const code = expectCleanFailure(o);
      expect(code, o.err).toMatch(/^E0[4-6]\d\d$/);
      expectUnchanged(before, snapshot(dir));
    });
  }

  it("a `__proto__` field is an ordinary field: unused, and training proceeds", async () => {
    const dir = scratch("data");
    const rows = Array.from({ length: 20 }, (_, i) => [i % 3, i % 5]);
    const labels = rows.map((_, i) => i % 2);
    writeFileSync(join(dir, "d.json"), `{"__proto__": ${JSON.stringify(labels)}, "x": ${JSON.stringify(rows)}, "label": ${JSON.stringify(labels)}}`);
    writeFileSync(join(dir, "m.nn"), spiralModel('json("d.json")'));
    const o = await nnc(["train", join(dir, "m.nn"), "--epochs", "1", "--json"]);
    expect(o.status, o.err).toBe(0);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});
