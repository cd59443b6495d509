/**
 * The optimizer and clipping records' float64 `reference` semantics (@nnc/ops) against PyTorch:
 * every trajectory of test/reference/train-tables.json (5 steps on a 2×3 matrix and a rank-1 bias),
 * and every clipped gradient set, to 1e-12 relative.
 */
import { CLIPS, initialState, OPTIMIZERS, referenceClip, referenceUpdate } from "@nnc/ops";
import { OPTIMIZER_KINDS } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { loadTorchTables, maxRelativeError, TOLERANCE, type OptimizerCase } from "./torch-reference.ts";

const tables = loadTorchTables();

/** Runs the reference update over the recorded gradients; returns the params after each step. */
function referenceTrajectory(c: OptimizerCase): { W: Float64Array; b: Float64Array }[] {
  const { kind, args } = c.optimizer;
  const W = Float64Array.from(tables.params.W.values);
  const b = Float64Array.from(tables.params.b.values);
  const sW = initialState(kind, args, W.length);
  const sb = initialState(kind, args, b.length);
  const out: { W: Float64Array; b: Float64Array }[] = [];
  tables.gradients.forEach((g, k) => {
    const gW = Float64Array.from(g.W);
    const gb = Float64Array.from(g.b);
    // The lr torch used at this step (its scheduler's, when the case has one).
    referenceUpdate({ optimizer: { kind, args, decayAll: c.decayAll }, clip: c.clip }, c.lr[k]!, k + 1, [
      { w: W, g: gW, rank: 2, state: sW },
      { w: b, g: gb, rank: 1, state: sb },
    ]);
    // The gradients are read, never written (the generated code relies on the same contract).
    expect([...gW, ...gb]).toEqual([...g.W, ...g.b]);
    out.push({ W: W.slice(), b: b.slice() });
  });
  return out;
}

describe("optimizer records reproduce PyTorch (float64, 5 steps)", () => {
  it("covers every optimizer kind, with and without decay_all where weight decay exists", () => {
    const kinds = new Set(tables.optimizers.map((c) => c.optimizer.kind));
    expect([...kinds].sort()).toEqual([...OPTIMIZER_KINDS].sort());
    for (const kind of OPTIMIZER_KINDS) {
      if (!OPTIMIZERS[kind].decays) continue;
      const decayed = tables.optimizers.filter((c) => c.optimizer.kind === kind && c.optimizer.args["weight_decay"] !== 0);
      expect([...new Set(decayed.map((c) => c.decayAll))].sort(), kind).toEqual([false, true]);
    }
  });

  for (const c of tables.optimizers) {
    it(`${c.name}  (${c.torch})`, () => {
      const got = referenceTrajectory(c);
      c.steps.forEach((want, k) => {
        expect(maxRelativeError(got[k]!.W, want.W), `W after step ${k + 1}`).toBeLessThan(TOLERANCE);
        expect(maxRelativeError(got[k]!.b, want.b), `b after step ${k + 1}`).toBeLessThan(TOLERANCE);
      });
    });
  }

  it("the tables exercise decay skipping: each decay_all pair shares W's trajectory and differs in b's", () => {
    const pairs = tables.optimizers.filter((c) => c.decayAll).map((c) => [tables.optimizers.find((x) => `${x.name}, decay_all` === c.name), c] as const);
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    for (const [without, withAll] of pairs) {
      if (without === undefined) throw new Error("a decay_all case has no twin without it");
      expect(withAll.optimizer).toEqual(without.optimizer);
      // Same W trajectory (rank 2 is decayed either way), a different b trajectory.
      expect(withAll.steps.at(-1)!.W).toEqual(without.steps.at(-1)!.W);
      expect(maxRelativeError(withAll.steps.at(-1)!.b, without.steps.at(-1)!.b, Number.MIN_VALUE)).toBeGreaterThan(1e-6);
    }
  });
});

describe("clip records reproduce torch.nn.utils.clip_grad_norm_ / clip_grad_value_", () => {
  it("covers every clip kind", () => {
    expect([...new Set(tables.clipping.map((c) => c.clip.kind))].sort()).toEqual(Object.keys(CLIPS).sort());
  });

  for (const c of tables.clipping) {
    it(c.torch, () => {
      tables.gradients.forEach((g, k) => {
        const gW = Float64Array.from(g.W);
        const gb = Float64Array.from(g.b);
        const [W, b] = referenceClip(c.clip, [gW, gb]);
        const want = c.steps[k]!;
        expect(maxRelativeError(W!, want.W), `W, gradient set ${k + 1} (norm ${want.norm})`).toBeLessThan(TOLERANCE);
        expect(maxRelativeError(b!, want.b), `b, gradient set ${k + 1}`).toBeLessThan(TOLERANCE);
        expect([...gW, ...gb]).toEqual([...g.W, ...g.b]);
      });
    });
  }

  it("global_norm(1.0) scales sets 1, 3, 5 (norm > 1) and returns sets 2, 4 bit for bit, as torch", () => {
    const c = tables.clipping.find((x) => x.clip.kind === "global_norm" && x.clip.args["max_norm"] === 1)!;
    const same = tables.gradients.map((g) => {
      const clipped = referenceClip(c.clip, [Float64Array.from(g.W), Float64Array.from(g.b)]);
      return JSON.stringify(clipped.flatMap((a) => [...a])) === JSON.stringify([...g.W, ...g.b]);
    });
    expect(same).toEqual([false, true, false, true, false]);
    expect(c.steps.map((s) => s.norm > 1)).toEqual([true, false, true, false, true]);
  });
});
