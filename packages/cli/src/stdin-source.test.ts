import { closeSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { readStdinSource } from "./stdin-source.ts";
import { tempDir } from "./temp-dir-support.ts";

/** readStdinSource on a descriptor opened on `path`, as `nnc fmt - < path` would see it. */
function readVia(path: string): ReturnType<typeof readStdinSource> {
  const fd = openSync(path, "r");
  try {
    return readStdinSource(fd);
  } finally {
    closeSync(fd);
  }
}

describe("standard input as a source (nnc fmt -)", () => {
  it("is decoded as a file is: UTF-8 text, a BOM dropped", () => {
    const dir = tempDir("nnc-stdin-", onTestFinished);
    writeFileSync(join(dir, "ok.nn"), "\uFEFFdim B # café\n");
    expect(readVia(join(dir, "ok.nn"))).toEqual({ ok: true, text: "dim B # café\n", diagnostics: [] });
  });

  it("reports invalid UTF-8 as E0602 at the first bad byte instead of replacing it", () => {
    const dir = tempDir("nnc-stdin-", onTestFinished);
    writeFileSync(join(dir, "latin1.nn"), Buffer.from([...Buffer.from("dim B # caf"), 0xe9, 0x0a]));
    const r = readVia(join(dir, "latin1.nn"));
    if (!r.ok) throw new Error("expected text with a diagnostic");
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message, d.span.file, d.span.line, d.span.column])).toEqual([
      ["E0602", "error", "`<stdin>` is not valid UTF-8 (first bad byte at offset 11)", "<stdin>", 1, 12],
    ]);
  });

  it("reports a folder redirected to standard input as E0601, not as an internal error", () => {
    const r = readVia(tempDir("nnc-stdin-", onTestFinished));
    expect(r.ok ? null : [r.diagnostic.code, r.diagnostic.message, r.diagnostic.span.file]).toEqual(["E0601", "cannot read standard input: it is a directory", "<stdin>"]);
  });
});
