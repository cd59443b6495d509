import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { programDataDir } from "./commands/compile.ts";
import { recordingIo } from "./io.ts";

/** A regression model trained from `d.csv`, a file beside it. */
const MODEL = `dim B
model Lin(x: f32[B, 2]) -> (y: f32[B]) {
  param w: f32[2] = zeros()
  y = x @ w
}
train Lin {
  input label: f32[B]
  loss = mean((y - label) ^ 2)
  optimizer = sgd(lr = 0.1)
  data = csv("d.csv", label = "t")
  batch = 4
  epochs = 1
}
`;

describe("a compiled program finds the train section's files relative to itself", () => {
  it("writes dataDir from the output's folder to the .nn file's folder, relative, and runs from any working folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "nnc-datadir-"));
    mkdirSync(join(root, "models"));
    mkdirSync(join(root, "out"));
    mkdirSync(join(root, "elsewhere"));
    const src = join(root, "models", "lin.nn");
    writeFileSync(src, MODEL);
    writeFileSync(join(root, "models", "d.csv"), "x1,x2,t\n" + Array.from({ length: 12 }, (_, i) => `${i % 3},${i % 5},${(i % 3) + 2 * (i % 5)}`).join("\n") + "\n");
    const out = join(root, "out", "prog.mjs");
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["compile", src, "--target", "js", "-o", out], io)).toBe(0);
    const program = readFileSync(out, "utf8");
    expect(program).toContain('"dataDir": "../models"');
    expect(program).toContain('"source": "../models/lin.nn"');
    // Nothing of the compiling machine's folders is in the program.
    expect(program).not.toContain(root);
    const run = spawnSync(process.execPath, [out, "--json"], { cwd: join(root, "elsewhere"), encoding: "utf8", timeout: 280_000 });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/"epoch":\s*1/);
  });

  it("is `.` beside the source, and relative to the working folder for stdout", () => {
    expect(programDataDir("m.nn", "p.mjs")).toBe(".");
    expect(programDataDir("a/b/m.nn", "a/c/p.mjs")).toBe("../b");
    expect(programDataDir("a/m.nn", undefined)).toBe("a");
  });
});
