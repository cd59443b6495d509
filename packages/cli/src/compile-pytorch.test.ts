import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";

const SPIRALS = fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url));

async function run(argv: string[]) {
  const io = recordingIo({ NO_COLOR: "1" }, false);
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("nnc compile --target pytorch", () => {
  it("rejects the ts/js-only options instead of ignoring them (E0611 at --target, nothing written)", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "nnc-compile-py-")), "t.py");
    const one = await run(["compile", SPIRALS, "--target", "pytorch", "--max-memory", "1", "-o", out]);
    expect(one).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --max-memory applies to the ts and js targets, not pytorch (the PyTorch program is one file; torch allocates its own memory)\n" });
    const both = await run(["compile", SPIRALS, "--target", "pytorch", "--single-file", "--max-memory", "1G", "-o", out]);
    expect(both.code).toBe(EXIT.usage);
    expect(both.err).toMatch(/^error\[E0611\]: --max-memory and --single-file apply to the ts and js targets, not pytorch/);
    expect(existsSync(out)).toBe(false);
  });
});
