/**
 * A batch-norm model through the CLI (issue 11, "Done when"): `nnc train --save` saves its running
 * statistics, `nnc predict` restores them and uses them, so an example's prediction is the same
 * whatever other examples share its batch; the shipped program passes tsc --strict --noUnusedLocals.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordingIo, runCli } from "@nnc/cli";
import { compile } from "@nnc/compiler/node";
import { decodeCheckpoint } from "@nnc/runtime";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { BATCH_NORM, INFERENCE_ONLY, values } from "./v02-state-run-support.ts";

const SPIRAL_BN = `dim B
model Spiral(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W1: f32[2, 16] = he_uniform()
  param g: f32[16] = ones()
  param b: f32[16] = zeros()
  param W2: f32[16, 2] = glorot_uniform()
  buffer mean_run: f32[16] = zeros()
  buffer var_run: f32[16] = ones()
  h = x @ W1
  m = mean(h, axis = 0)
  v = mean((h - m) ^ 2, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  next var_run = 0.9 * var_run + 0.1 * stop_gradient(v)
  mu = where(training, m, mean_run)
  s2 = where(training, v, var_run)
  logits = tanh(g * (h - mu) / sqrt(s2 + 1e-5) + b) @ W2
}
train Spiral {
  input label: i32[B]
  loss      = mean(cross_entropy(logits, label))
  optimizer = adam(lr = 0.01)
  data      = spirals(n = 200, noise = 0.1)
  batch     = 16
  epochs    = 3
  seed      = 5
}
`;

/** JSON lines printed by `--json`. */
function jsonLines(out: readonly string[]): Record<string, unknown>[] {
  return out.join("").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Consecutive values as (a, b) pairs. */
function pairs(xs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) out.push([xs[i]!, xs[i + 1]!]);
  return out;
}

/** A CSV of examples (a, b, label) from `rows` pairs. */
function csv(rows: readonly (readonly [number, number])[]): string {
  return ["a,b,label", ...rows.map(([a, b], i) => `${a},${b},${i % 2}`)].join("\n") + "\n";
}

describe("a batch-norm model through nnc train and nnc predict", () => {
  it("saves its running statistics and predicts each example independently of its batch", { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-bn-"));
    const file = join(dir, "bn.nn");
    const ckpt = join(dir, "bn.ckpt");
    writeFileSync(file, SPIRAL_BN);
    const t = recordingIo();
    expect(await runCli(["train", file, "--json", "--save", ckpt], t), t.err.join("")).toBe(0);
    const saved = decodeCheckpoint(readFileSync(ckpt), ckpt);
    const mean = saved.tensors.find((x) => x.group === "buffer" && x.name === "mean_run")!;
    const vars = saved.tensors.find((x) => x.group === "buffer" && x.name === "var_run")!;
    expect(mean.shape).toEqual([16]);
    // Trained: the running statistics moved away from their initial zeros and ones.
    expect(Array.from(mean.data).some((v) => v !== 0)).toBe(true);
    expect(Array.from(vars.data).some((v) => v !== 1)).toBe(true);

    // The same first four examples, alone and followed by others (another batch composition).
    const shared = pairs(values(8, 77));
    const others = pairs(values(40, 78).map((v) => 3 * v));
    writeFileSync(join(dir, "alone.csv"), csv(shared));
    writeFileSync(join(dir, "mixed.csv"), csv([...shared, ...others]));
    const predict = async (data: string): Promise<Record<string, unknown>[]> => {
      const p = recordingIo();
      expect(await runCli(["predict", file, "--checkpoint", ckpt, "--input", join(dir, data), "--json"], p), p.err.join("")).toBe(0);
      return jsonLines(p.out).filter((l) => l["final"] === undefined);
    };
    const alone = await predict("alone.csv");
    const mixed = await predict("mixed.csv");
    expect(alone).toHaveLength(4);
    expect(mixed).toHaveLength(24);
    for (let i = 0; i < 4; i++) expect(mixed[i]!["outputs"]).toEqual(alone[i]!["outputs"]);
  });

  it("a run resumed from a checkpoint ends with the same buffers and params as an uninterrupted one", { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-bn-resume-"));
    const file = join(dir, "bn.nn");
    writeFileSync(file, SPIRAL_BN);
    const train = async (...args: string[]): Promise<void> => {
      const io = recordingIo();
      expect(await runCli(["train", file, "--json", ...args], io), io.err.join("")).toBe(0);
    };
    await train("--epochs", "3", "--save", join(dir, "straight.ckpt"));
    await train("--epochs", "1", "--save", join(dir, "half.ckpt"));
    await train("--epochs", "3", "--resume", join(dir, "half.ckpt"), "--save", join(dir, "resumed.ckpt"));
    const tensors = (name: string): [string, number[]][] => decodeCheckpoint(readFileSync(join(dir, name)), name).tensors.map((t) => [`${t.group}:${t.name}`, Array.from(t.data)]);
    const half = new Map(tensors("half.ckpt"));
    const straight = tensors("straight.ckpt");
    expect(straight.filter(([k]) => k.startsWith("buffer:")).map(([k]) => k)).toEqual(["buffer:mean_run", "buffer:var_run"]);
    expect(straight.filter(([k]) => k.startsWith("buffer:")).every(([k, v]) => JSON.stringify(v) !== JSON.stringify(half.get(k)))).toBe(true);
    expect(tensors("resumed.ckpt")).toEqual(straight);
  });

  it("nnc eval --backend ts loads fed buffers and evaluates in inference mode, as the interpreter does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-bn-eval-"));
    const file = join(dir, "bn.nn");
    writeFileSync(file, BATCH_NORM);
    const evaluate = async (backend: string, mean: readonly number[]): Promise<Record<string, unknown>> => {
      const feed = join(dir, `feed-${mean.join("_")}.json`);
      writeFileSync(feed, JSON.stringify({ inputs: { x: [[1, 2, 3], [0.5, -1, 2], [3, 1, -2]], t: [[0, 1], [1, 0], [0.5, 0.5]] }, buffers: { mean_run: mean } }));
      const io = recordingIo();
      expect(await runCli(["eval", file, "--feed", feed, "--dtype", "f64", "--grad", "--backend", backend], io), io.err.join("")).toBe(0);
      return JSON.parse(io.out.join("")) as Record<string, unknown>;
    };
    const ts = await evaluate("ts", [0.5, -0.25, 1, 2]);
    const interp = await evaluate("interp", [0.5, -0.25, 1, 2]);
    expect(ts["outputs"]).toEqual(interp["outputs"]);
    expect(ts["loss"]).toBeCloseTo(interp["loss"] as number, 12);
    // The fed running mean is what inference subtracts: another one gives other outputs.
    expect((await evaluate("ts", [0, 0, 0, 0]))["outputs"]).not.toEqual(ts["outputs"]);
  });

  it("ships programs (training, and inference only) that pass tsc --strict --noUnusedLocals --noUnusedParameters", () => {
    const outDir = fileURLToPath(new URL("../test-output/v02-state-run/", import.meta.url));
    mkdirSync(outDir, { recursive: true });
    const paths = [["bn.ts", SPIRAL_BN], ["inference.ts", INFERENCE_ONLY]].map(([name, text]) => {
      const c = compile(text!, { fileName: "bn.nn", target: "ts" });
      expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const path = join(outDir, name!);
      writeFileSync(path, c.program!);
      return path;
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
      skipLibCheck: true,
    };
    const diags = ts.getPreEmitDiagnostics(ts.createProgram(paths, options)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    expect(diags).toEqual([]);
  });
});
