/** The optimizer and clipping records: their reference semantics on known results, decay by rank, metadata. */
import { INIT_FIELDS } from "@nnc/ir";
import type { OptimizerKind, SettingValue } from "@nnc/runtime/core";
import { describe, expect, it } from "vitest";
import { settingDefaults } from "./arg-def.ts";
import { CLIPS } from "./clip.ts";
import { INITIALIZERS } from "./initializers.ts";
import { METRICS } from "./metrics.ts";
import type { OptimizerChoice } from "./optimizer-def.ts";
import { OPTIMIZERS } from "./optimizers.ts";
import { initialState, referenceClip, referenceUpdate } from "./reference.ts";
import { SCHEDULES } from "./schedules.ts";

const W0 = [0.5, -1.25, 2];
const G1 = [0.3, -0.2, 0.05];
const G2 = [-0.1, 0.4, 0.25];

/** Every argument at its default, with `over` on top (sgd needs lr). */
function choice(kind: OptimizerKind, over: Record<string, SettingValue> = {}, decayAll = false): OptimizerChoice {
  const args = Object.fromEntries(OPTIMIZERS[kind].args.map((a) => [a.name, a.default ?? 0.1]));
  return { kind, args: { ...args, ...over }, decayAll };
}

/** One parameter of rank `rank` after `grads.length` steps with learning rate lr. */
function run(opt: OptimizerChoice, grads: readonly number[][], lr: number, rank = 2, clip: Parameters<typeof referenceUpdate>[0]["clip"] = null): number[] {
  const w = Float64Array.from(W0);
  const state = initialState(opt.kind, opt.args, w.length);
  grads.forEach((g, i) => {
    referenceUpdate({ optimizer: opt, clip }, lr, i + 1, [{ w, g: Float64Array.from(g), rank, state }]);
  });
  return [...w];
}

const close = (a: readonly number[], b: readonly number[]): void => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => {
    expect(x).toBeCloseTo(b[i]!, 14);
  });
};

describe("one and two steps from zero state (known results)", () => {
  const lr = 0.1;
  it("sgd: w − lr·g; momentum starts from the first gradient; nesterov looks ahead", () => {
    close(run(choice("sgd"), [G1], lr), W0.map((w, i) => w - lr * G1[i]!));
    const mu = 0.9;
    close(run(choice("sgd", { momentum: mu }), [G1, G2], lr), W0.map((w, i) => w - lr * G1[i]! - lr * (mu * G1[i]! + G2[i]!)));
    close(run(choice("sgd", { momentum: mu, nesterov: true }), [G1], lr), W0.map((w, i) => w - lr * (G1[i]! + mu * G1[i]!)));
    close(run(choice("sgd", { weight_decay: 0.5 }), [G1], lr), W0.map((w, i) => w - lr * (G1[i]! + 0.5 * w)));
  });

  it("adam's first step is lr·g/(|g| + eps) (bias correction undoes the zero start)", () => {
    close(run(choice("adam"), [G1], lr), W0.map((w, i) => w - (lr * G1[i]!) / (Math.abs(G1[i]!) + 1e-8)));
    close(run(choice("adam", { weight_decay: 0.5 }), [G1], lr), W0.map((w, i) => {
      const d = G1[i]! + 0.5 * w;
      return w - (lr * d) / (Math.abs(d) + 1e-8);
    }));
  });

  it("adamw shrinks w by 1 − lr·wd before adam's step with the plain gradient", () => {
    close(run(choice("adamw", { weight_decay: 0.5 }), [G1], lr), W0.map((w, i) => w * (1 - lr * 0.5) - (lr * G1[i]!) / (Math.abs(G1[i]!) + 1e-8)));
  });

  it("rmsprop, adagrad and lion", () => {
    close(run(choice("rmsprop", { rho: 0.9 }), [G1], lr), W0.map((w, i) => w - (lr * G1[i]!) / (Math.sqrt(0.1) * Math.abs(G1[i]!) + 1e-8)));
    close(run(choice("adagrad"), [G1, G1], lr), W0.map((w, i) => w - (lr * G1[i]!) / (Math.abs(G1[i]!) + 1e-10) - (lr * G1[i]!) / (Math.sqrt(2) * Math.abs(G1[i]!) + 1e-10)));
    // lion step 2: c = β1·m + (1−β1)·g2 with m = (1−β2)·g1.
    const c2 = G2.map((g, i) => 0.9 * 0.01 * G1[i]! + 0.1 * g);
    close(run(choice("lion", { weight_decay: 0.5 }), [G1, G2], lr), W0.map((w, i) => (w * 0.95 - lr * Math.sign(G1[i]!)) * 0.95 - lr * Math.sign(c2[i]!)));
  });
});

describe("weight decay skips rank < 2 unless decay_all", () => {
  for (const def of Object.values(OPTIMIZERS).filter((d) => d.decays)) {
    it(def.kind, () => {
      const wd = { weight_decay: 0.3 };
      const plain = run(choice(def.kind, { weight_decay: 0 }), [G1, G2], 0.05, 1);
      expect(run(choice(def.kind, wd), [G1, G2], 0.05, 1)).toEqual(plain);
      expect(run(choice(def.kind, wd, true), [G1, G2], 0.05, 1)).not.toEqual(plain);
      expect(run(choice(def.kind, wd), [G1, G2], 0.05, 2)).toEqual(run(choice(def.kind, wd, true), [G1, G2], 0.05, 1));
    });
  }
});

describe("clipping", () => {
  it("global_norm scales by min(1, c/(‖g‖ + 1e-6)) over all gradients together; value clamps", () => {
    const [a, b] = referenceClip({ kind: "global_norm", args: { max_norm: 1 } }, [Float64Array.from([3]), Float64Array.from([0, 4])]);
    const s = 1 / (5 + 1e-6);
    expect([...a!, ...b!]).toEqual([3 * s, 0, 4 * s]);
    expect([...referenceClip({ kind: "global_norm", args: { max_norm: 10 } }, [Float64Array.from([3, 4])])[0]!]).toEqual([3, 4]);
    expect([...referenceClip({ kind: "value", args: { limit: 0.25 } }, [Float64Array.from([0.3, -1, 0.1])])[0]!]).toEqual([0.25, -0.25, 0.1]);
  });

  it("referenceUpdate clips before the update and never writes the gradients", () => {
    const g = Float64Array.from(G1);
    const w = Float64Array.from(W0);
    referenceUpdate({ optimizer: choice("sgd"), clip: { kind: "value", args: { limit: 0.1 } } }, 1, 1, [{ w, g, rank: 2, state: {} }]);
    expect([...w]).toEqual(W0.map((x, i) => x - Math.min(Math.max(G1[i]!, -0.1), 0.1)));
    expect([...g]).toEqual(G1);
  });
});

describe("every record is complete", () => {
  const all = [...Object.values(OPTIMIZERS), ...Object.values(SCHEDULES), ...Object.values(CLIPS), ...Object.values(METRICS)];
  it("docs, a playground control for every number, defaults inside their range", () => {
    for (const d of all) {
      expect(d.doc.length, d.kind).toBeGreaterThan(20);
      expect(d.label.length, d.kind).toBeGreaterThan(0);
      for (const a of d.args) {
        if (a.kind !== "bool") expect(a.ui, `${d.kind}.${a.name}`).toBeDefined();
        if (typeof a.default === "number" && a.range !== undefined) expect(a.range[0](a.default), `${d.kind}.${a.name}`).toBe(true);
        if (a.ui !== undefined) expect(a.ui.min < a.ui.max && a.ui.step > 0 && (a.ui.log !== true || a.ui.min > 0), `${d.kind}.${a.name}`).toBe(true);
        const start = a.default ?? a.ui?.start;
        if (a.kind !== "bool") expect(typeof start === "number" && a.ui !== undefined && start >= a.ui.min && start <= a.ui.max && (a.range?.[0](start) ?? true), `${d.kind}.${a.name} starts inside its control and range`).toBe(true);
      }
      for (const p of d.positional) expect(d.args.map((a) => a.name)).toContain(p);
    }
  });

  it("sgd alone has no default learning rate", () => {
    expect(Object.values(OPTIMIZERS).filter((d) => settingDefaults(d) === undefined).map((d) => d.kind)).toEqual(["sgd"]);
  });

  it("initializer arguments are the IR's ParamInit fields", () => {
    for (const d of Object.values(INITIALIZERS)) expect(d.args.map((a) => a.name), d.kind).toEqual(INIT_FIELDS[d.kind]);
  });
});
