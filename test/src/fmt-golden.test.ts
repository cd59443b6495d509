import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { formatSource } from "@nnc/compiler";
import { recordingIo, runCli } from "@nnc/cli";
import { expectGolden } from "./golden.ts";

const dir = join(import.meta.dirname, "..", "fmt");

/** Runs `nnc ARGS` in-process in a fresh folder holding copies of `files` from test/fmt; paths shown relative to it. */
async function fmtIn(files: readonly string[], args: (folder: string) => string[]): Promise<{ status: number; out: string; err: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), "nnc-fmt-"));
  onTestFinished(() => {
    rmSync(folder, { recursive: true, force: true });
  });
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

  it("a file it cannot write in place: E0642 naming it, exit 1, the file unchanged (not an internal error)", async () => {
    // 255 bytes is the longest file name; the temporary file atomicWrite writes beside it
    // (`.NAME.PID.TIME.tmp`) cannot be created, whoever runs the test (root included).
    const name = `${"m".repeat(252)}.nn`;
    const r = await fmtIn(["messy.nn"], (f) => {
      copyFileSync(join(f, "messy.nn"), join(f, name));
      return ["fmt", join(f, name)];
    });
    expect([r.status, r.out]).toEqual([1, ""]);
    expect(r.err).toContain(`error[E0642]: cannot write \`${name}\`: `);
    expect(r.err).toContain(`error: could not format \`${name}\``);
    expect(r.err).not.toContain("E0900");
    expect(readFileSync(join(r.folder, name), "utf8")).toBe(readFileSync(join(dir, "messy.nn"), "utf8"));
  });

  it("--check shows a hostile file name and source lines terminal-safe", async () => {
    const name = "esc\u001b[31mRED\u0007.nn";
    const r = await fmtIn([], (f) => {
      writeFileSync(join(f, name), "dim  B  # \u001b]52;c;aGk=\u0007 \u001b[31mred\n");
      return ["fmt", "--check", join(f, name)];
    });
    expect([r.status, r.err]).toEqual([1, "1 file is not formatted; run `nnc fmt` on it\n"]);
    expect(r.out).toBe(
      "--- esc\\u{1b}[31mRED\\u{7}.nn\n+++ esc\\u{1b}[31mRED\\u{7}.nn (formatted)\n@@ -1 +1 @@\n" +
        "-dim  B  # \\u{1b}]52;c;aGk=\\u{7} \\u{1b}[31mred\n+dim B  # \\u{1b}]52;c;aGk=\\u{7} \\u{1b}[31mred\n",
    );
  });

  it("an unreadable file exits 2", async () => {
    const r = await fmtIn([], (f) => ["fmt", join(f, "missing.nn")]);
    expect([r.status, r.out, r.err]).toEqual([2, "", "error[E0601]: cannot read `missing.nn`: no such file\n"]);
  });
});
