/**
 * The generated update equals the records' float64 reference bit for bit, for every optimizer, with and
 * without clipping and decay_all, on a matrix and a bias over several steps with a changing learning rate.
 */
import { initialState, OPTIMIZERS, referenceUpdate, type UpdateSettings } from "@nnc/ops";
import type { ClipSetting, OptimizerKind, SettingValue } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { updateCode } from "./optimizer.ts";

const W = [0.5, -1.25, 2, 0.75, -0.1, 0.3];
const B = [0.2, -0.4, 0.05];
const GRADS = [
  { dW: [0.3, -0.2, 0.05, 1.5, -0.7, 0.01], db: [0.1, -0.3, 0.2] },
  { dW: [-0.1, 0.4, 0.25, -2, 0.3, 0], db: [0, 0.5, -0.6] },
  { dW: [0.2, 0.2, -0.9, 0.4, 0.1, -0.3], db: [0.3, 0.1, 0.1] },
];
const LRS = [0.1, 0.05, 0.02];

/** Runs the generated update lines as a method of a stand-in model holding `lr` and the state fields. */
function generated(train: UpdateSettings): { W: number[]; b: number[]; grads: number[][] } {
  const code = updateCode(train, [
    { id: "W", w: "W", g: "dW", size: W.length, rank: 2 },
    { id: "b", w: "b", g: "db", size: B.length, rank: 1 },
  ]);
  const self: Record<string, unknown> = {};
  for (const s of code.state) self[s.field] = new Float64Array(s.size);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the generated code is what this test checks
  const step = new Function("W", "dW", "b", "db", code.lines.join("\n")) as (w: Float64Array, dw: Float64Array, b: Float64Array, db: Float64Array) => void;
  const w = Float64Array.from(W);
  const b = Float64Array.from(B);
  const grads: number[][] = [];
  GRADS.forEach((g, t) => {
    self.lr = LRS[t];
    const dW = Float64Array.from(g.dW);
    const db = Float64Array.from(g.db);
    step.call(self, w, dW, b, db);
    grads.push([...dW, ...db]);
  });
  return { W: [...w], b: [...b], grads };
}

function reference(train: UpdateSettings): { W: number[]; b: number[] } {
  const w = Float64Array.from(W);
  const b = Float64Array.from(B);
  const sw = initialState(train.optimizer.kind, train.optimizer.args, W.length);
  const sb = initialState(train.optimizer.kind, train.optimizer.args, B.length);
  GRADS.forEach((g, t) => {
    referenceUpdate(train, LRS[t]!, t + 1, [
      { w, g: Float64Array.from(g.dW), rank: 2, state: sw },
      { w: b, g: Float64Array.from(g.db), rank: 1, state: sb },
    ]);
  });
  return { W: [...w], b: [...b] };
}

/** Each optimizer with non-default momentum/decay where it has them, so every branch of its code runs. */
function configs(kind: OptimizerKind): Record<string, SettingValue>[] {
  const base = Object.fromEntries(OPTIMIZERS[kind].args.map((a) => [a.name, a.default ?? 0.1]));
  const names = new Set(OPTIMIZERS[kind].args.map((a) => a.name));
  const out = [base];
  if (names.has("momentum")) out.push({ ...base, momentum: 0.9 });
  if (names.has("nesterov")) out.push({ ...base, momentum: 0.8, nesterov: true, weight_decay: 0.1 });
  if (names.has("weight_decay")) out.push({ ...base, weight_decay: 0.2 });
  return out;
}

const CLIPS: (ClipSetting | null)[] = [null, { kind: "global_norm", args: { max_norm: 1 } }, { kind: "value", args: { limit: 0.25 } }];

describe("generated optimizer code equals the reference", () => {
  for (const kind of Object.keys(OPTIMIZERS) as OptimizerKind[]) {
    it(kind, () => {
      for (const args of configs(kind)) {
        for (const clip of CLIPS) {
          for (const decayAll of [false, true]) {
            const train: UpdateSettings = { optimizer: { kind, args, decayAll }, clip };
            const got = generated(train);
            const label = JSON.stringify(train);
            expect({ W: got.W, b: got.b }, label).toEqual(reference(train));
            expect(got.grads, `${label}: gradients are never written`).toEqual(GRADS.map((g) => [...g.dW, ...g.db]));
          }
        }
      }
    });
  }

  it("state arrays are keyed by state and parameter; the counter only where the optimizer needs it", () => {
    const keys = (kind: OptimizerKind, over: Record<string, SettingValue> = {}): string[] => {
      const args = { ...Object.fromEntries(OPTIMIZERS[kind].args.map((a) => [a.name, a.default ?? 0.1])), ...over };
      return updateCode({ optimizer: { kind, args, decayAll: false }, clip: null }, [{ id: "W", w: "W", g: "dW", size: 2, rank: 2 }]).state.map((s) => s.key);
    };
    expect(keys("sgd")).toEqual([]);
    expect(keys("sgd", { momentum: 0.9 })).toEqual(["momentum:W"]);
    expect(keys("adam")).toEqual(["step", "m:W", "v:W"]);
    expect(keys("rmsprop", { momentum: 0.5 })).toEqual(["square_avg:W", "momentum:W"]);
    expect(keys("adagrad")).toEqual(["sum:W"]);
    expect(keys("lion")).toEqual(["m:W"]);
  });

  it("hyperparameters appear as the user's literals (1 - 0.9, not 0.09999999999999998)", () => {
    const lines = updateCode({ optimizer: { kind: "adam", args: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0 }, decayAll: false }, clip: null }, [{ id: "W", w: "W", g: "dW", size: 2, rank: 2 }]).lines.join("\n");
    expect(lines).toContain("(1 - 0.9)");
    expect(lines).not.toContain("0.09999999999999998");
    expect(lines).toContain("this.lr");
  });

  it("a threaded class's SIMD update goes through simdCall, cut by pairs; a one-thread class calls the kernel", () => {
    const train = { optimizer: { kind: "sgd", args: { lr: 0.01, momentum: 0, nesterov: false, weight_decay: 0 }, decayAll: false }, clip: null } as const;
    const params = [{ id: "W", w: "W", g: "dW", size: 1001, rank: 2 }];
    const cut = updateCode(train, params, { className: "M", ts: false, cut: true });
    expect(cut.usesCall).toBe(true);
    // Work: 0.6 ns an element and array (2 arrays of 1,001); the count is argument 2, cut in pairs.
    expect(cut.lines.join("\n")).toContain(`M.simdCall(_k, _mem, "sgd", 1201, 2, 2, [W.byteOffset, dW.byteOffset, 1001, _lr, 1], [4, 4, 0, 0, 0]);`);
    const one = updateCode(train, params, { className: "M", ts: false });
    expect(one.usesCall).toBe(false);
    expect(one.lines.join("\n")).toContain("_k.sgd(W.byteOffset, dW.byteOffset, 1001, _lr, 1);");
  });
});
