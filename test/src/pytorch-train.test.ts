/**
 * `nnc compile --target pytorch`'s program (issue 13 item 3): it trains (exit 0, the loss falls, the
 * epoch lines parse), resumes from a checkpoint exactly, loads the same data as nnc (the same
 * numbers, split and order from nnc's RNG), has a reader for every data source, computes nnc's
 * optimizer, clipping and schedule updates, and under `torchrun --nproc_per_node 2` (gloo on
 * loopback) gives the same per-step and per-epoch losses as one process on the same global batch.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { emitPytorchProgram } from "@nnc/codegen-pytorch";
import { DATA_SOURCE_SIGS, referenceUpdate, type ReferenceParam } from "@nnc/ops";
import { learningRate, loadData, namesFile } from "@nnc/runtime";
import { EPOCH_LINE, EXAMPLES, exampleProgram, parseRun, programInput, writeProgram } from "./pytorch-train-support.ts";
import { runPython, torchPython } from "./torch-python.ts";

const SPIRALS = readFileSync(join(EXAMPLES, "spirals.nn"), "utf8");
let dir = "";

beforeAll(() => {
  torchPython();
  dir = mkdtempSync(join(tmpdir(), "nnc-pytorch-train-"));
});

function run(args: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  const r = runPython(args, { cwd: dir, env });
  expect(r.status, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => (typeof a === "object" && a !== null ? resolve(a.port) : reject(new Error("no port"))));
    });
  });
}

const relClose = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe("the PyTorch training program", { timeout: 240_000 }, () => {
  it("trains spirals: exits 0, the loss falls, the epoch lines parse like nnc train's", () => {
    const prog = exampleProgram("spirals.nn", dir, "spirals.py");
    const out = run([prog, "--epochs", "4", "--checkpoint", join(dir, "spirals.pt")]);
    const lines = out.trim().split("\n");
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => EPOCH_LINE.exec(l));
    for (const [i, m] of parsed.entries()) {
      expect(m, lines[i]).not.toBeNull();
      expect(Number(m![1])).toBe(i + 1);
      expect(Number(m![2])).toBe(4);
    }
    const losses = parsed.map((m) => Number(m![3]));
    expect(losses[3]!).toBeLessThan(0.75 * losses[0]!);
    expect(Number(parsed[3]![6])).toBeGreaterThan(80);
    expect(run([prog, "--help"])).toContain("--resume");
  });

  it("trains blocks (moons, adam with weight decay on rank-2 params): the loss falls", () => {
    const prog = exampleProgram("blocks.nn", dir, "blocks.py");
    const { epochs } = parseRun(run([prog, "--epochs", "3", "--json", "--checkpoint", ""]));
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[2]!.loss).toBeLessThan(epochs[0]!.loss);
  });

  it("--resume continues exactly, and torchrun --nproc_per_node 2 (gloo) gives one process's loss curve", async () => {
    const prog = exampleProgram("spirals.nn", dir, "spirals64.py", { data: { source: "spirals", args: { n: 401, noise: 0.1 } } });
    const common = [prog, "--dtype", "float64", "--json", "--log-steps", "--device", "cpu"];
    const one = parseRun(run([...common, "--epochs", "3", "--checkpoint", ""]));
    // 401 examples, 80 for validation: 321 train in 11 steps, the last of 1 row (one rank runs it, the other a row of weight 0).
    const stepsPerEpoch = Math.ceil(321 / 32);
    expect(one.epochs).toHaveLength(3);
    expect(one.steps.filter((s) => Number.isFinite(s))).toHaveLength(3 * stepsPerEpoch);

    // Resume: epochs 1–2 with a checkpoint, then epoch 3 from it equals the straight run's epoch 3.
    const ck = join(dir, "resume.pt");
    run([...common, "--epochs", "2", "--checkpoint", ck]);
    const resumed = parseRun(run([...common, "--epochs", "3", "--resume", ck, "--checkpoint", ""]));
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([3]);
    expect(relClose(resumed.epochs[0]!.loss, one.epochs[2]!.loss)).toBeLessThan(1e-12);
    for (let s = 2 * stepsPerEpoch; s < 3 * stepsPerEpoch; s++) expect(relClose(resumed.steps[s]!, one.steps[s]!)).toBeLessThan(1e-12);

    // Two processes over gloo on loopback, each taking its half of every global batch of 32.
    const port = await freePort();
    const ddpArgs = ["-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_addr", "127.0.0.1", "--master_port", String(port), "--monitor_interval", "0.2"];
    // Debian's torch 1.13 under Python 3.11 parses torchrun's default `--redirects 0` into None (an IntFlag change): give 1 (stdout, teed).
    const two = parseRun(run([...ddpArgs, "--redirects", "1", "--tee", "1", "--log_dir", join(dir, "torchrun-logs"), ...common, "--epochs", "3", "--checkpoint", ""]));
    expect(two.epochs).toHaveLength(3);
    for (let s = 0; s < 3 * stepsPerEpoch; s++) expect(relClose(two.steps[s]!, one.steps[s]!), `step ${s}`).toBeLessThan(1e-10);
    for (const [i, e] of two.epochs.entries()) {
      expect(relClose(e.loss, one.epochs[i]!.loss)).toBeLessThan(1e-10);
      expect(e["accuracy"]).toBe(one.epochs[i]!["accuracy"]);
      expect(relClose(e["val_loss"]!, one.epochs[i]!["val_loss"]!)).toBeLessThan(1e-10);
    }
  });

  it("a global batch that does not divide over the processes is a clear error", () => {
    const prog = exampleProgram("spirals.nn", dir, "spirals-odd.py", { data: { source: "spirals", args: { n: 40 } } });
    // Checked before the process group is joined, so one process with torchrun's variables shows it.
    const r = runPython([prog, "--batch", "7", "--device", "cpu", "--checkpoint", ""], { cwd: dir, env: { WORLD_SIZE: "2", RANK: "0", LOCAL_RANK: "0" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: the global batch 7 must be a positive multiple of the 2 processes");
    expect(r.stderr).not.toContain("Traceback");
  });
});
