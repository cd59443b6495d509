import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { CsvScanner, type CsvRecord } from "./csv-data.ts";
import { thrownDataError } from "./test-errors.ts";
import { loadData } from "./data-source.ts";
import type { DataSplit } from "./dataset.ts";
import { maxDataBytes } from "./file-read.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-data-limits-"));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const dataError = thrownDataError;

const all = (source: string, args: Record<string, string | number>): DataSplit => loadData({ source, args: { ...args, val: 0 } }, dir);
const csv = (name: string, extra: Record<string, string> = {}): DataSplit => all("csv", { "0": name, ...extra });

/** An IDX header: type, dims (big-endian). */
function idxHeader(type: number, dims: readonly number[]): Uint8Array {
  const b = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  b.setUint8(2, type);
  b.setUint8(3, dims.length);
  dims.forEach((d, i) => { b.setUint32(4 + 4 * i, d, false); });
  return new Uint8Array(b.buffer);
}

/**
 * Makes each call `[module, function, args]` to the runtime in one child process and returns, per
 * call, the DataError it threw (code and message) or `{ ok: true }`. The child is killed after 60 s
 * and its heap capped: a reader that blocks on a FIFO or reads /dev/zero forever fails the test
 * instead of hanging the whole run.
 */
function inChild(calls: readonly (readonly [string, string, readonly unknown[]])[]): Record<string, unknown>[] {
  const script = `
    const out = [];
    for (const [path, fn, args] of JSON.parse(process.argv[1])) {
      const m = await import(path);
      try { m[fn](...args); out.push({ ok: true }); }
      catch (e) { out.push({ code: e.code, message: e.message }); }
    }
    console.log(JSON.stringify(out));`;
  const resolved = calls.map(([module, fn, args]) => [fileURLToPath(new URL(`./${module}`, import.meta.url)), fn, args]);
  const child = spawnSync(process.execPath, ["--max-old-space-size=64", "--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(resolved)], { encoding: "utf8", timeout: 280_000 });
  expect(child.signal, "the child was killed: it blocked or ran away").toBe(null);
  return JSON.parse(child.stdout) as Record<string, unknown>[];
}

afterEach(() => {
  delete process.env["NNC_MAX_DATA_BYTES"];
});

describe("CSV numbers, separators and header names", () => {
  it("refuses a number that overflows to Infinity, with its line and column, in features and labels", () => {
    file("inf.csv", "a,b,label\n1,2,0\n1,1e999,1\n");
    const e = dataError(() => csv("inf.csv"));
    expect(e.code).toBe("E0624");
    expect(e.message).toBe(`\`${join(dir, "inf.csv")}\` line 3, column \`b\`: "1e999" is out of range: it is not a finite 64-bit number`);
    expect(e.where).toBe("line 3");
    file("inf-label.csv", "a,label\n1,0\n2,-1e400\n");
    expect(dataError(() => csv("inf-label.csv")).message).toBe(`\`${join(dir, "inf-label.csv")}\` line 3, column \`label\`: "-1e400" is out of range: it is not a finite 64-bit number`);
  });

  it("refuses a separator that is empty, longer than one character, a quote or a line break", () => {
    file("sep.csv", "a;label\n1;0\n");
    for (const sep of ["", "ab", '"', "\n", "\r"]) {
      const e = dataError(() => csv("sep.csv", { sep }));
      expect(e.code).toBe("E0622");
      expect(e.message).toBe(`argument \`sep\` of \`csv\` must be a single character other than a quote or a line break, got ${JSON.stringify(sep)}`);
    }
    expect(Array.from(csv("sep.csv", { sep: ";" }).train.fields[0]!.data)).toEqual([1]);
    file("tab.csv", "a\tlabel\n 2 \t1\n");
    expect(Array.from(csv("tab.csv", { sep: "\t" }).train.fields[0]!.data)).toEqual([2]);
  });

  it("refuses duplicate column names, naming both columns", () => {
    file("dup.csv", "a,b,a,label\n1,2,3,0\n");
    const e = dataError(() => csv("dup.csv"));
    expect(e.code).toBe("E0648");
    expect(e.message).toBe(`\`${join(dir, "dup.csv")}\` line 1: columns 1 and 3 are both named \`a\``);
    file("dup-empty.csv", "a,,,label\n1,2,3,0\n");
    expect(dataError(() => csv("dup-empty.csv")).message).toBe(`\`${join(dir, "dup-empty.csv")}\` line 1: columns 2 and 3 both have no name`);
  });
});

describe("CSV quoted cells across lines (RFC 4180)", () => {
  it("reads quoted newlines, quotes and CRLF, and numbers each record by the line it starts on", () => {
    file("multi.csv", 'x,name\n1,"two\nlines"\n2,plain\n"3","a ""q"", b"\n4,"x\r\ny"\r\n');
    const d = csv("multi.csv", { label: "name" }).train;
    expect(Array.from(d.fields[0]!.data)).toEqual([1, 2, 3, 4]);
    expect(d.fields[1]!.classNames).toEqual(['a "q", b', "plain", "two\nlines", "x\r\ny"]);
    expect(Array.from(d.fields[1]!.data)).toEqual([2, 1, 0, 3]);
    expect([0, 1, 2, 3].map((i) => d.locate(i).where)).toEqual(["line 2", "line 4", "line 5", "line 6"]);
    file("after.csv", 'x,label\n1,"a\nb"\nbad,c\n');
    expect(dataError(() => csv("after.csv")).message).toBe(`\`${join(dir, "after.csv")}\` line 4, column \`x\`: "bad" is not a number`);
  });

  it("reports a quoted cell that is never closed at the line it opens", () => {
    file("open.csv", 'x,label\n1,a\n2,"open\n3,b\n');
    const e = dataError(() => csv("open.csv"));
    expect(e.code).toBe("E0649");
    expect(e.message).toBe(`\`${join(dir, "open.csv")}\` line 3: a quoted cell opened here is never closed`);
  });

  it("refuses a cell of 16 Mi characters or more, pointing at a quote left open, and quotes long cells cut short", () => {
    file("runaway.csv", `x,label\n1,a\n2,"${"z".repeat(1 << 25)}\n3,b\n`);
    const e = dataError(() => csv("runaway.csv"));
    expect(e.code).toBe("E0649");
    expect(e.message).toBe(`\`${join(dir, "runaway.csv")}\` line 3: a quoted cell opened here runs on for 16 Mi characters or more: is its closing quote missing?`);
    file("wide.csv", `x,label\n${"9".repeat(1 << 25)},a\n`);
    expect(dataError(() => csv("wide.csv")).message).toBe(`\`${join(dir, "wide.csv")}\` line 2: a cell of the record starting here reaches 16 Mi characters`);
    file("long.csv", `x,label\n${"9".repeat(500)},a\n`);
    expect(dataError(() => csv("long.csv")).message).toBe(`\`${join(dir, "long.csv")}\` line 2, column \`x\`: "${"9".repeat(40)}…" is out of range: it is not a finite 64-bit number`);
  });

  it("gives the same records whatever the pieces the text arrives in", () => {
    const text = 'h1, "h2" ,h3\n"a""b",\t"c\r\nd" ,e\r\n\n  \n"",x,"y""""z"\nlast,"",row';
    const records = (pieces: string[]): CsvRecord[] => {
      const out: CsvRecord[] = [];
      const s = new CsvScanner(",", "t.csv", (r) => out.push({ ...r, cells: [...r.cells] }));
      for (const p of pieces) s.feed(p);
      s.end();
      return out;
    };
    const whole = records([text]);
    expect(whole.filter((r) => !r.blank).map((r) => [r.line, r.cells])).toEqual([
      [1, ["h1", "h2", "h3"]],
      [2, ['a"b', "c\r\nd", "e"]],
      [6, ["", "x", 'y""z']],
      [7, ["last", "", "row"]],
    ]);
    expect(records(Array.from({ length: text.length }, (_, i) => text.charAt(i)))).toEqual(whole);
    for (let cut = 1; cut < text.length; cut++) expect(records([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  });

  it("streams a file in pieces: a multi-byte character split between pieces survives", () => {
    // Rows of 6 bytes after an 8-byte header: some 3-byte "猫" straddles a 64 KiB piece boundary.
    const p = join(dir, "cats.csv");
    const fd = openSync(p, "w");
    writeSync(fd, "x,label\n");
    writeSync(fd, "1,猫\n".repeat(200_000));
    closeSync(fd);
    const d = csv("cats.csv").train;
    expect(d.size).toBe(200_000);
    expect(d.fields[1]!.classNames).toEqual(["猫"]);
  });
});

describe("size limits and special files", () => {
  it("stops a gzip bomb behind an IDX header as soon as it passes the declared size", () => {
    // 18 bytes declared; 16 MB of zeros follow (≈ 16 KB compressed).
    file("bomb.idx1-ubyte.gz", gzipSync(Buffer.concat([idxHeader(8, [10]), Buffer.alloc(16 << 20)])));
    const e = dataError(() => all("idx", { x: "bomb.idx1-ubyte.gz" }));
    expect(e.code).toBe("E0647");
    expect(e.message).toBe(`\`${join(dir, "bomb.idx1-ubyte.gz")}\` decompresses to more than the 18 bytes its header declares`);
  });

  it("refuses before inflating an IDX or .npy header that declares more than the limit, or dims that overflow", () => {
    process.env["NNC_MAX_DATA_BYTES"] = "1000000";
    file("huge.idx3-ubyte.gz", gzipSync(Buffer.concat([idxHeader(8, [1000, 1000, 1000]), Buffer.alloc(16)])));
    const e = dataError(() => all("idx", { x: "huge.idx3-ubyte.gz" }));
    expect(e.code).toBe("E0647");
    expect(e.message).toBe(`\`${join(dir, "huge.idx3-ubyte.gz")}\` declares 1,000,000,016 bytes in its header, more than the data size limit of 1,000,000 bytes`);
    file("overflow.idx", idxHeader(8, [0xffffffff, 0xffffffff, 0xffffffff]));
    const o = dataError(() => all("idx", { x: "overflow.idx" }));
    expect(o.code).toBe("E0626");
    expect(o.message).toBe(`\`${join(dir, "overflow.idx")}\` declares dims [4294967295, 4294967295, 4294967295], whose product overflows: more than 2^53 bytes (byte offset 4)`);
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }\n";
    const npy = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length, 0]), Buffer.from(header, "latin1")]);
    file("huge.npy.gz", gzipSync(npy));
    expect(dataError(() => all("npy", { x: "huge.npy.gz" })).message).toContain("declares 80,000,000,");
  });

  it("caps a plain file, a decompressed one and a CSV at NNC_MAX_DATA_BYTES", () => {
    process.env["NNC_MAX_DATA_BYTES"] = "1e6";
    expect(maxDataBytes()).toBe(1_000_000);
    file("two-mb.csv", "x,label\n" + "1,0\n".repeat(500_000));
    const big = dataError(() => csv("two-mb.csv"));
    expect(big.code).toBe("E0647");
    expect(big.message).toBe(`\`${join(dir, "two-mb.csv")}\` is 2,000,008 bytes, more than the data size limit of 1,000,000 bytes`);
    file("zeros.csv.gz", gzipSync(Buffer.concat([Buffer.from("x,label\n"), Buffer.alloc(8 << 20, "0")])));
    expect(dataError(() => csv("zeros.csv.gz")).message).toBe(`\`${join(dir, "zeros.csv.gz")}\` decompresses to more than the data size limit of 1,000,000 bytes`);
    process.env["NNC_MAX_DATA_BYTES"] = "lots";
    const bad = dataError(() => csv("two-mb.csv"));
    expect(bad.code).toBe("E0622");
    expect(bad.message).toBe('NNC_MAX_DATA_BYTES must be a whole number of bytes ≥ 1, got "lots"');
  });

  it("refuses a character device or a named pipe as a data file or checkpoint instead of reading forever or blocking", () => {
    const fifo = join(dir, "pipe.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const results = inChild([
      ["data-source.ts", "loadData", [{ source: "csv", args: { "0": "/dev/zero" } }, dir]],
      ["data-source.ts", "loadData", [{ source: "idx", args: { x: "/dev/zero" } }, dir]],
      ["data-source.ts", "loadData", [{ source: "csv", args: { "0": "pipe.csv" } }, dir]],
      ["checkpoint.ts", "loadCheckpoint", ["/dev/zero"]],
      ["checkpoint.ts", "loadCheckpoint", [fifo]],
    ]);
    expect(results).toEqual([
      { code: "E0620", message: "cannot read the data file `/dev/zero`: it is a character device, not a regular file" },
      { code: "E0620", message: "cannot read the data file `/dev/zero`: it is a character device, not a regular file" },
      { code: "E0620", message: `cannot read the data file \`${fifo}\`: it is a named pipe (FIFO), not a regular file` },
      { code: "E0640", message: "cannot read the checkpoint `/dev/zero`: it is a character device, not a regular file" },
      { code: "E0640", message: `cannot read the checkpoint \`${fifo}\`: it is a named pipe (FIFO), not a regular file` },
    ]);
  });

  it("refuses JSON data nested deeper than a record can be, without a stack overflow", () => {
    file("deep.json", `{"x": ${"[".repeat(100_000)}1${"]".repeat(100_000)}}`);
    const e = dataError(() => all("json", { "0": "deep.json" }));
    expect(e.code).toBe("E0628");
    expect(e.message).toContain("nests lists more than 32 deep");
  });
});

describe("CSV memory", () => {
  it("reads an 18 MB CSV in a 32 MB heap, growing the RSS by under 4× the file", () => {
    const p = join(dir, "big.csv");
    const fd = openSync(p, "w");
    writeSync(fd, "a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,label\n");
    let row = 0;
    let size = 0;
    while (size < 18e6) {
      let block = "";
      for (let k = 0; k < 1000; k++, row++) {
        const cells: string[] = [];
        for (let j = 0; j < 10; j++) cells.push((((row * 7919 + j * 104729) % 20000) / 10000 - 1).toFixed(6));
        block += `${cells.join(",")},${["cat", "dog", "bird"][row % 3]!}\n`;
      }
      size += writeSync(fd, block);
    }
    closeSync(fd);
    // The old reader held the text, its lines and every cell as strings at once: it ran out of heap here.
    const script = `
      const { loadData } = await import(process.argv[1]);
      const base = process.memoryUsage().rss;
      const s = loadData({ source: "csv", args: { path: process.argv[2] } }, "/");
      console.log(JSON.stringify({ rows: s.train.size + s.validation.size, growth: process.resourceUsage().maxRSS * 1024 - base }));`;
    const source = fileURLToPath(new URL("./data-source.ts", import.meta.url));
    const child = spawnSync(process.execPath, ["--max-old-space-size=32", "--import", "tsx", "--input-type=module", "-e", script, source, p], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const result = JSON.parse(child.stdout) as { rows: number; growth: number };
    expect(result.rows).toBe(row);
    expect(result.growth).toBeLessThan(4 * size);
  });
});
