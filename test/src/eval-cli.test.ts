import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";

const root = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "nnc-eval-"));
const matvec = join(root, "examples", "matvec.nn");
const mlp = join(root, "examples", "mnist-mlp.nn");

function feedFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

const W = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
const matvecFeed = feedFile("matvec.json", { inputs: { a: [1, -2, 0.5] }, params: { W } });

/** A deterministic batch of 3 "images" for the MLP. */
const x = Array.from({ length: 3 }, (_, r) => Array.from({ length: 784 }, (_, c) => ((r * 31 + c * 7) % 17) / 17));
const mlpFeed = feedFile("mlp.json", { inputs: { x, label: [3, 0, 9] } });

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

describe("nnc eval", () => {
  it("computes b = W @ a with both backends", async () => {
    for (const backend of ["ts", "interp"]) {
      const r = await nnc("eval", matvec, "--feed", matvecFeed, "--backend", backend, "--dtype", "f64");
      expect(r.err).toBe("");
      expect(JSON.parse(r.out)).toEqual({ outputs: { b: [-1.5, -3, -4.5] } });
    }
  });

  it("gives the same loss and gradients from the generated code as from the interpreter (f64 ≤ 1e-9, f32 ≤ 1e-4)", async () => {
    for (const [dtype, tol] of [
      ["f64", 1e-9],
      ["f32", 1e-4],
    ] as const) {
      const ts = JSON.parse((await nnc("eval", mlp, "--feed", mlpFeed, "--grad", "--dtype", dtype)).out) as Record<string, unknown>;
      const ref = JSON.parse((await nnc("eval", mlp, "--feed", mlpFeed, "--grad", "--dtype", dtype, "--backend", "interp")).out) as Record<string, unknown>;
      expect(Math.abs((ts["loss"] as number) - (ref["loss"] as number))).toBeLessThanOrEqual(tol * Math.abs(ref["loss"] as number));
      const tg = ts["grads"] as Record<string, unknown>;
      const rg = ref["grads"] as Record<string, unknown>;
      expect(Object.keys(tg)).toEqual(["W1", "b1", "W2", "b2"]);
      for (const k of Object.keys(rg)) {
        const a = flat(tg[k]);
        const b = flat(rg[k]);
        expect(a.length).toBe(b.length);
        const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!))));
        expect(worst, `${dtype} ${k}`).toBeLessThanOrEqual(tol);
      }
    }
  });

  it("evaluates a model with a second symbolic dim in the generated code (fixed from the feed)", async () => {
    const seq = join(dir, "seq.nn");
    writeFileSync(seq, "dim B, T\nmodel S(x: f32[B, T, 2]) -> (y: f32[B, 2]) {\n  param W: f32[2, 2] = values([[1, 2], [3, 4]])\n  y = mean(x @ W, axis = 1)\n}\ntrain S {\n  input t: f32[B, 2]\n  loss = mean((y - t) ^ 2)\n  optimizer = sgd(lr = 0.1)\n}\n");
    const feed = feedFile("seq.json", { inputs: { x: [[[1, 0], [0, 1], [1, 1]]], t: [[0, 0]] } });
    const ts = JSON.parse((await nnc("eval", seq, "--feed", feed, "--grad", "--dtype", "f64")).out) as Record<string, unknown>;
    const ref = JSON.parse((await nnc("eval", seq, "--feed", feed, "--grad", "--dtype", "f64", "--backend", "interp")).out) as Record<string, unknown>;
    // y = mean over T of x·W = [(1+0+1)·1 + (0+1+1)·3, (1+0+1)·2 + (0+1+1)·4] / 3 = [8/3, 12/3]
    expect(ts["outputs"]).toEqual({ y: [[8 / 3, 4]] });
    expect(ts["loss"]).toBeCloseTo((64 / 9 + 16) / 2, 12);
    expect(ts).toEqual(ref);
  });

  it("names the entry and the expected shape for bad feeds, exit 1", async () => {
    const cases: [unknown, string, RegExp][] = [
      ["{not json", "E0660", /cannot read the feed/],
      [{ inputs: { A: [1, 2, 3] } }, "E0661", /names `A`, which is not one of the model's inputs \(a\)/],
      [{ inputs: { a: [1, 2] } }, "E0662", /inputs\.a: .*\n.*declared as f32\[3\]/],
      [{ inputs: { a: [1, "two", 3] } }, "E0662", /inputs\.a/],
      [{ inputs: {} }, "E0663", /no value for input `a`: f32\[3\]/],
    ];
    for (const [content, code, message] of cases) {
      const r = await nnc("eval", matvec, "--feed", feedFile(`bad-${code}.json`, content));
      expect(r.status).toBe(1);
      expect(r.err).toContain(`error[${code}]`);
      expect(r.err).toMatch(message);
    }
    const labels = await nnc("eval", mlp, "--feed", feedFile("label.json", { inputs: { x, label: [3, 10, 9] } }));
    expect(labels.status).toBe(1);
    expect(labels.err).toContain("error[E0664]: label `label`[1] = 10 is outside [0, 10) = [0, 10)");
  });
});

describe("nnc jacobian", () => {
  it("gives ∂b_i/∂W_jk = δ_ij·a_k for b = W @ a, and ∂b/∂a = W", async () => {
    const r = await nnc("jacobian", matvec, "--of", "b", "--wrt", "W", "--feed", matvecFeed);
    const j = JSON.parse(r.out) as { shape: number[]; values: number[][][] };
    expect(j.shape).toEqual([3, 3, 3]);
    const a = [1, -2, 0.5];
    for (let i = 0; i < 3; i++) for (let jj = 0; jj < 3; jj++) for (let k = 0; k < 3; k++) expect(j.values[i]![jj]![k]).toBe(i === jj ? a[k] : 0);
    const da = JSON.parse((await nnc("jacobian", matvec, "--of", "b", "--wrt", "a", "--feed", matvecFeed)).out) as { values: number[][] };
    expect(da.values).toEqual(W);
  });

  it("refuses an unknown output or value with exit 2", async () => {
    const r = await nnc("jacobian", matvec, "--of", "c", "--wrt", "W", "--feed", matvecFeed);
    expect(r.status).toBe(2);
    expect(r.err).toBe("error[E0611]: `c` is not an output of `MatVec` (outputs: b)\n");
  });
});
