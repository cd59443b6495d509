import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";

const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const SPIRALS = join(examples, "spirals.nn");
const MATVEC = join(examples, "matvec.nn");
const dir = mkdtempSync(join(tmpdir(), "nnc-limits-"));

async function run(argv: string[]) {
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const noStack = (text: string): void => {
  expect(text).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
  expect(text).not.toContain("E0900");
};

/** 30000² f32 parameters: 3.35 GiB, as much again for the gradient. */
const BIG = file(
  "big.nn",
  "dim B\nmodel Big(x: f32[B, 2]) -> (y: f32[B, 30000]) {\n  param W: f32[2, 30000]\n  param V: f32[30000, 30000]\n  y = (x @ W) @ V\n}\ntrain Big {\n  input t: f32[B, 30000]\n  loss = mean((y - t) ^ 2)\n  optimizer = sgd(lr = 0.1)\n}\n",
);

describe("nnc check reports each model's size", () => {
  it("a summary line after ok: parameters, their bytes, the planned memory at the section's batch", async () => {
    const r = await run(["check", SPIRALS, MATVEC]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(new RegExp(`^${SPIRALS}: ok \\(model Spiral\\)\\n  Spiral: 354 parameters \\(1\\.38 KiB\\); training memory \\d+\\.\\d+ KiB at batch 32\\n`));
    expect(r.out).toContain(`${MATVEC}: ok (model MatVec)\n  MatVec: 9 parameters (36 B); memory of a forward pass 60 B\n`);
  });

  it("--json: parameters, bytes, batch and the largest planned arrays", async () => {
    const r = await run(["check", "--json", BIG]);
    const json = JSON.parse(r.out) as { models: { memory: { parameters: number; parameterBytes: number; batch: number; training: boolean; bytes: number; largest: { name: string; role: string; bytes: number }[] } }[] };
    const m = json.models[0]!.memory;
    expect(m).toMatchObject({ parameters: 900_060_000, parameterBytes: 3_600_240_000, batch: 32, training: true });
    expect(m.bytes).toBeGreaterThan(2 * 3_600_240_000);
    expect(m.largest.slice(0, 2)).toEqual([
      { name: "V", role: "param", bytes: 3.6e9 },
      { name: "dV", role: "gradient", bytes: 3.6e9 },
    ]);
  });

  it("warns (E0667, exit 0) when `train` would refuse the model under --max-memory", async () => {
    const r = await run(["check", "--max-memory", "1G", BIG]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toContain("warning[E0667]: `Big` needs 6.");
    expect(r.err).toContain("more than the memory limit of 1.00 GiB; the largest tensors: `V` (param) 3.35 GiB, `dV` (gradient) 3.35 GiB");
    expect(r.out).toContain("Big: 900,060,000 parameters (3.35 GiB); training memory 6.");
  });
});

describe("train and compile refuse a plan over the memory limit before allocating", () => {
  it("compile: E0667 naming the largest tensors, exit 1, no file written", async () => {
    const out = join(dir, "big.ts");
    const r = await run(["compile", BIG, "--max-memory", "1G", "-o", out]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain("error[E0667]: `Big` needs 6.");
    expect(r.err).toContain("help: lower the batch (--batch N)");
    expect(existsSync(out)).toBe(false);
    noStack(r.err);
  });

  it("train: E0667, exit 1, before any data is loaded", async () => {
    const r = await run(["train", BIG, "--max-memory", "512M"]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain("error[E0667]");
    expect(r.err).not.toContain("training Big");
    noStack(r.err);
  });

  it("train --batch 1e9 is E0667 (it was an internal error: Invalid typed array length)", async () => {
    const r = await run(["train", SPIRALS, "--batch", "1e9"]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain("error[E0667]: `Spiral` needs");
    expect(r.err).toContain("at batch 1000000000");
    noStack(r.err);
  });

  it("a malformed --max-memory is a usage error, exit 2", async () => {
    for (const cmd of ["check", "compile", "train"]) {
      const r = await run([cmd, SPIRALS, "--max-memory", "lots"]);
      expect(r.code, cmd).toBe(EXIT.usage);
      expect(r.err, cmd).toContain("--max-memory needs a size such as 512M or 4G, not `lots`");
    }
  });
});

describe("feeds", () => {
  it("100,000-deep JSON is E0662 before it is walked, exit 1", async () => {
    const feed = file("deep.json", `{"inputs": {"a": ${"[".repeat(100000)}${"]".repeat(100000)}}}`);
    const r = await run(["eval", MATVEC, "--feed", feed]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain("error[E0662]: inputs.a: lists nested more than 2 deep, but it is declared as f32[3]");
    noStack(r.err);
  });

  it("a dim named `constructor` binds from the feed", async () => {
    const nn = file("ctor.nn", "dim constructor\nmodel M(x: f32[constructor, 2]) -> (y: f32[constructor]) {\n  y = sum(x, axis = 1)\n}\n");
    const feed = file("ctor.json", `{"inputs": {"x": [[1, 2], [3, 4], [5, 6]]}}`);
    const r = await run(["eval", nn, "--feed", feed]);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toMatchObject({ outputs: { y: [3, 7, 11] } });
  });
});
