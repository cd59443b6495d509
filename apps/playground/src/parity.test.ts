/**
 * The page and the CLI train the same: for one `.nn` file and seed, `nnc train --json` (the CLI, run
 * as a user runs it) and the page's trainer (the code the Worker runs: compile() with the page's
 * default settings, the core's data and TrainSession) give BIT-IDENTICAL epoch losses and metrics.
 * The page's reports (evaluations, the decision surface) run between the steps as in the Worker.
 * And the Code tab shows the class `nnc compile` ships.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { generate } from "./generate.ts";
import { programTrainer } from "./program-trainer.ts";
import { defaultSettings } from "./settings.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const NNC = join(ROOT, "packages/cli/bin/nnc.js");
const dir = mkdtempSync(join(tmpdir(), "nnc-parity-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type EpochLine = Record<string, number | null>;

/**
 * `nnc train FILE --epochs N --json`: the epoch lines it prints. NNC_RELAXED_SIMD=0: on Node 20 nnc
 * would turn on relaxed SIMD, which this worker's engine (where the page's trainer runs) has not; a
 * browser has it, as Node 22 has, and then both take the relaxed kernels.
 */
function cliEpochs(file: string, epochs: number): EpochLine[] {
  const r = spawnSync(process.execPath, [NNC, "train", file, "--epochs", String(epochs), "--json"], { encoding: "utf8", cwd: dir, env: { ...process.env, NNC_RELAXED_SIMD: "0" } });
  if (r.status !== 0) throw new Error(`nnc train failed (${String(r.status)}):\n${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as EpochLine & { final?: boolean })
    .filter((l) => l.final !== true);
}

/** The page's trainer on the same text for `epochs` epochs, reporting as the Worker does. */
async function pageEpochs(fileName: string, text: string, epochs: number): Promise<EpochLine[]> {
  const trainer = await programTrainer(fileName, text, { epochs });
  const out: EpochLine[] = [];
  trainer.evaluate("test");
  while (!trainer.finished) {
    trainer.step();
    trainer.evaluate("test", 1000);
    trainer.evaluate("train", 500);
    if (trainer.steps % 10 === 0) trainer.surface(48, -1.6, 1.6);
    const m = trainer.lastEpoch;
    if (m !== null && m.epoch > out.length) out.push({ epoch: m.epoch, loss: m.loss, ...m.metrics, val_loss: m.val_loss, ...Object.fromEntries(Object.entries(m.val_metrics ?? {}).map(([k, v]) => [`val_${k}`, v])) });
  }
  return out;
}

async function expectSame(name: string, text: string, epochs: number): Promise<void> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const cli = cliEpochs(file, epochs);
  const page = await pageEpochs(name, text, epochs);
  expect(cli.length).toBe(epochs);
  // toEqual on numbers is Object.is: bit-identical doubles (JSON prints the shortest round-trip text).
  expect(page).toEqual(cli);
  expect(cli[0]!["loss"]).toBeGreaterThan(0);
}

describe("the page trains exactly as `nnc train`", () => {
  it("spirals.nn: the same losses and accuracies, epoch by epoch", async () => {
    await expectSame("spirals.nn", readFileSync(join(ROOT, "examples/spirals.nn"), "utf8"), 2);
  });

  it("with adamw, a cosine schedule with warmup and global-norm clipping, on moons with its own data seed", async () => {
    const text = readFileSync(join(ROOT, "examples/spirals.nn"), "utf8")
      .replace("optimizer = adam(lr = 0.01)", "optimizer = adamw(lr = 0.02, weight_decay = 0.05)\n  schedule  = cosine(warmup = 10, min_lr = 0.001)\n  clip      = global_norm(1.0)")
      .replace("data      = spirals(n = 1000, noise = 0.1)", "data      = moons(n = 600, noise = 0.15, seed = 3)");
    expect(text).toContain("adamw");
    expect(text).toContain("moons");
    await expectSame("moons-adamw.nn", text, 3);
  });
});

describe("the Code tab", () => {
  it("shows the model class of the program `nnc compile` writes, character for character", () => {
    const text = readFileSync(join(ROOT, "examples/spirals.nn"), "utf8");
    const file = join(dir, "spirals.nn");
    writeFileSync(file, text);
    const r = spawnSync(process.execPath, [NNC, "compile", file, "-o", "-"], { encoding: "utf8", cwd: dir });
    expect(r.stderr).toBe("");
    const a = analyze("spirals.nn", text);
    const g = generate(a, defaultSettings(a.model), "ts");
    if (!g.ok) throw new Error(g.message);
    expect(g.value.code.split("\n").length).toBeGreaterThan(100);
    expect(r.stdout).toContain(g.value.code);
  });
});
