import { linkSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "../cli.ts";
import { EXIT } from "../command-module.ts";
import { recordingIo } from "../io.ts";
import { tempDir } from "../temp-dir-support.ts";

const SOURCE = "dim B\nmodel M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2] = zeros()\n  logits = x @ W\n}\ntrain M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  data = spirals(n = 40)\n  epochs = 1\n}\n";

async function train(args: string[]): Promise<{ code: number; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(["train", ...args], io);
  return { code, err: io.err.join("") };
}

describe("nnc train --report FILE", () => {
  it("refuses the source itself, a folder or a missing folder before compiling or training", async () => {
    const dir = tempDir("nnc-report-target-", onTestFinished);
    const src = join(dir, "m.nn");
    writeFileSync(src, SOURCE);
    mkdirSync(join(dir, "sub"));
    const cases: [string, string][] = [
      [src, "error[E0657]"],
      [join(dir, "sub"), "error[E0656]"],
      [join(dir, "no", "r.html"), `error[E0642]: cannot write \`${join(dir, "no", "r.html")}\`: no such folder`],
    ];
    for (const [target, expected] of cases) {
      const r = await train([src, "--report", target]);
      expect(r.code).toBe(EXIT.programErrors);
      expect(r.err).toContain(expected);
      expect(r.err).not.toMatch(/training |epoch 1/);
    }
    expect(readFileSync(src, "utf8")).toBe(SOURCE);
  });

  it("refuses the checkpoint it resumes from, and the file --save writes (exit 2)", async () => {
    const dir = tempDir("nnc-report-ckpt-", onTestFinished);
    const src = join(dir, "m.nn");
    writeFileSync(src, SOURCE);
    const ckpt = join(dir, "m.ckpt");
    writeFileSync(ckpt, "not really a checkpoint");
    const resumed = await train([src, "--resume", ckpt, "--report", ckpt]);
    expect(resumed.code).toBe(EXIT.programErrors);
    expect(resumed.err).toContain(`refusing to write \`${ckpt}\`: it is the input file`);
    expect(readFileSync(ckpt, "utf8")).toBe("not really a checkpoint");
    const same = await train([src, "--save", join(dir, "x.html"), "--report", join(dir, ".", "x.html")]);
    expect(same.code).toBe(EXIT.usage);
    expect(same.err).toContain("--report and --save name the same file");
  });

  it("refuses a data file of the train section or of --data, and a hard link to the --save file, before training", async () => {
    const dir = tempDir("nnc-report-data-", onTestFinished);
    const csv = join(dir, "d.csv");
    const rows = "a,b,t\n1,0.5,0\n0.8,1,1\n1,1,0\n0.9,0.2,1\n";
    writeFileSync(csv, rows);
    const src = join(dir, "lin.nn");
    writeFileSync(src, SOURCE.replace("data = spirals(n = 40)", 'optimizer = sgd(lr = 0.1)\n  data = csv("d.csv", label = "t", val = 0)'));
    const fromSection = await train([src, "--report", csv]);
    const fromOption = await train([join(dir, "lin.nn"), "--data", `csv("${csv}", label = "t", val = 0)`, "--report", csv]);
    for (const r of [fromSection, fromOption]) {
      expect(r.code).toBe(EXIT.programErrors);
      expect(r.err).toContain(`error[E0657]: refusing to write \`${csv}\`: it is the input file \`${csv}\``);
      expect(r.err).not.toMatch(/training |epoch 1/);
    }
    expect(readFileSync(csv, "utf8")).toBe(rows);
    const ckpt = join(dir, "m.ckpt");
    writeFileSync(ckpt, "an earlier checkpoint");
    linkSync(ckpt, join(dir, "alias.html"));
    const linked = await train([src, "--save", ckpt, "--report", join(dir, "alias.html")]);
    expect(linked.code).toBe(EXIT.programErrors);
    expect(linked.err).toContain(`refusing to write \`${join(dir, "alias.html")}\`: it is the input file \`${ckpt}\``);
    expect(readFileSync(ckpt, "utf8")).toBe("an earlier checkpoint");
  });
});
