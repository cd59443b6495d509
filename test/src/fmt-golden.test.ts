import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource } from "@nnc/compiler";
import { recordingIo, runCli } from "@nnc/cli";
import { expectGolden } from "./golden.ts";

const dir = join(import.meta.dirname, "..", "fmt");

/** Runs `nnc ARGS` in-process in a fresh folder holding copies of `files` from test/fmt; paths shown relative to it. */
async function fmtIn(files: readonly string[], args: (folder: string) => string[]): Promise<{ status: number; out: string; err: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), "nnc-fmt-"));
  for (const f of files) copyFileSync(join(dir, f), join(folder, f));
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args(folder), io);
  const strip = (s: string[]): string => s.join("").replaceAll(folder + "/", "");
  return { status, out: strip(io.out), err: strip(io.err), folder };
}

describe("nnc fmt goldens (test/fmt)", () => {
  it("messy.nn formats to messy.formatted.nn, which is a fixed point", () => {
    const result = formatSource(readFileSync(join(dir, "messy.nn"), "utf8"), "messy.nn");
    if (!result.ok) throw new Error("messy.nn does not parse");
    expectGolden(join(dir, "messy.formatted.nn"), result.text);
    const again = formatSource(result.text, "messy.nn");
    expect(again.ok && again.changed).toBe(false);
  });

  it("--check writes nothing, prints a unified diff and exits 1", async () => {
    const r = await fmtIn(["messy.nn"], (f) => ["fmt", "--check", join(f, "messy.nn")]);
    expect([r.status, r.err]).toEqual([1, "1 file is not formatted; run `nnc fmt` on it\n"]);
    expectGolden(join(dir, "messy.check.diff"), r.out);
    expect(readFileSync(join(r.folder, "messy.nn"), "utf8")).toBe(readFileSync(join(dir, "messy.nn"), "utf8"));
  });

  it("rewrites a file in place and says so; a formatted file is left alone and --check passes", async () => {
    const r = await fmtIn(["messy.nn"], (f) => ["fmt", join(f, "messy.nn")]);
    expect([r.status, r.out, r.err]).toEqual([0, "", "formatted messy.nn\n"]);
    expect(readFileSync(join(r.folder, "messy.nn"), "utf8")).toBe(readFileSync(join(dir, "messy.formatted.nn"), "utf8"));
    for (const args of [["fmt"], ["fmt", "--check"]]) {
      const io = recordingIo({ NO_COLOR: "1" });
      expect(await runCli([...args, join(r.folder, "messy.nn")], io)).toBe(0);
      expect([io.out.join(""), io.err.join("")]).toEqual(["", ""]);
    }
  });

  it("a file with syntax errors: its diagnostics, exit 1, nothing written", async () => {
    const r = await fmtIn(["error.nn"], (f) => ["fmt", join(f, "error.nn")]);
    expect([r.status, r.out]).toEqual([1, ""]);
    expectGolden(join(dir, "error.txt"), r.err);
    expect(readFileSync(join(r.folder, "error.nn"), "utf8")).toBe(readFileSync(join(dir, "error.nn"), "utf8"));
  });

  it("`-` formats standard input to standard output (the CLI as a process)", () => {
    const bin = join(import.meta.dirname, "..", "..", "packages", "cli", "bin", "nnc.js");
    const r = spawnSync(process.execPath, [bin, "fmt", "-"], { input: readFileSync(join(dir, "messy.nn")), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect([r.status, r.stderr, r.stdout]).toEqual([0, "", readFileSync(join(dir, "messy.formatted.nn"), "utf8")]);
  });

  it("an unreadable file exits 2", async () => {
    const r = await fmtIn([], (f) => ["fmt", join(f, "missing.nn")]);
    expect([r.status, r.out, r.err]).toEqual([2, "", "error[E0601]: cannot read `missing.nn`: no such file\n"]);
  });
});
