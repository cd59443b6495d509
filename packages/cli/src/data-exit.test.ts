import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";
import { tempDir } from "./temp-dir-support.ts";

// docs/cli.md: a bad `--data` exits 2 when the spec itself is wrong (syntax, unknown source, bad
// argument: E0621, E0622) and 1 for every other data error. `nnc train` and the program
// `nnc compile` writes must agree on each.
const SPIRALS = fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url));
const dir = tempDir("nnc-data-exit-", afterAll);
const program = join(dir, "train.mjs");

async function nncTrain(spec: string): Promise<{ code: number; err: string }> {
  const io = recordingIo();
  const code = await runCli(["train", SPIRALS, "--data", spec, "--epochs", "1"], io);
  return { code, err: io.err.join("") };
}

function runProgram(spec: string): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [program, "--data", spec, "--epochs", "1"], { cwd: dir, encoding: "utf8", timeout: 280_000 });
  return { code: r.status, err: r.stderr };
}

const firstLine = (s: string): string => s.replace(/^training [^\n]*\n/, "").split("\n")[0] ?? "";

describe("exit status for a bad --data: nnc train and a compiled program agree", () => {
  beforeAll(async () => {
    expect(await runCli(["compile", SPIRALS, "--target", "js", "-o", program], recordingIo())).toBe(EXIT.ok);
  });

  it.each([
    ["spirals(n=5,,)", EXIT.usage, "E0621"],
    ["nope(1)", EXIT.usage, "E0621"],
    ["spirals(q=3)", EXIT.usage, "E0622"],
    ["blobs(n=60, classes=5)", EXIT.programErrors, "E0631"],
  ])("--data %s exits %i (%s) from both", async (spec, status, code) => {
    const train = await nncTrain(spec);
    const prog = runProgram(spec);
    expect(train.code).toBe(status);
    expect(prog.code).toBe(status);
    expect(firstLine(train.err)).toContain(`error[${code}]`);
    expect(firstLine(prog.err)).toContain(`error[${code}]`);
  });

  it("a file source the program was compiled without is a data error (1), as the missing file is for nnc train", async () => {
    const spec = 'csv("missing.csv", label="y")';
    const train = await nncTrain(spec);
    expect(train.code).toBe(EXIT.programErrors);
    expect(firstLine(train.err)).toContain("error[E0620]: cannot read the data file");
    const prog = runProgram(spec);
    expect(prog.code).toBe(EXIT.programErrors);
    expect(firstLine(prog.err)).toBe("error[E0621]: this program was compiled without csv support (it reads blobs, circles, moons, spirals, xor)");
  });
});
