/** The training-setting tables as `nnc check` applies them: every record's arguments, defaults and ranges. */
import { CLIPS, METRICS, OPTIMIZERS, SCHEDULES, type ArgDef, type SettingDef } from "@nnc/ops";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkText, lowerText } from "./test-helpers.ts";

const MODEL = `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 10]) {
  param W: f32[2, 10]
  logits = x @ W
}
`;

const REGRESSION = `dim B
model R(x: f32[B, 2]) -> (y: f32[B, 1]) {
  param W: f32[2, 1]
  y = x @ W
}
train R {
  input target: f32[B, 1]
  loss = mean((y - target) ^ 2)
`;

function train(settings: string): string {
  return `${MODEL}train M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n${settings}\n}\n`;
}

/** [code, message, help] of every diagnostic. */
function problems(text: string): (string | undefined)[][] {
  const r = checkText(text);
  return [...r.syntax, ...r.diagnostics].map((d) => [d.code, d.message, d.help]);
}

interface Table {
  readonly key: string;
  readonly code: string;
  readonly defs: readonly SettingDef<string>[];
  /** The setting line with `call` in place. */
  readonly line: (call: string) => string;
}

const TABLES: readonly Table[] = [
  { key: "optimizer", code: "E0406", defs: Object.values(OPTIMIZERS), line: (c) => `  optimizer = ${c}` },
  { key: "schedule", code: "E0420", defs: Object.values(SCHEDULES), line: (c) => `  optimizer = adam()\n  schedule = ${c}` },
  { key: "clip", code: "E0421", defs: Object.values(CLIPS), line: (c) => `  optimizer = adam()\n  clip = ${c}` },
  { key: "metrics", code: "E0422", defs: Object.values(METRICS), line: (c) => `  optimizer = adam()\n  metrics = [${c}]` },
];

/** A value of the argument's kind that its range accepts, and one it refuses (if any). */
function good(a: ArgDef): string {
  if (a.kind === "bool") return "false";
  if (a.default !== undefined) return String(a.default);
  return [1, 0.5, 2].find((v) => a.range?.[0](v) ?? true)!.toString();
}

function bad(a: ArgDef): number | undefined {
  return [-1, 0, 1, 1.5, 1e9].find((v) => a.range !== undefined && !a.range[0](v) && (a.kind !== "int" || Number.isInteger(v)));
}

/** A call of `def` with every required argument (and `extra`) given by name. */
function call(def: SettingDef<string>, extra: Record<string, string> = {}): string {
  const given = { ...Object.fromEntries(def.args.filter((a) => a.default === undefined).map((a) => [a.name, good(a)])), ...extra };
  return `${def.kind}(${Object.entries(given).map(([k, v]) => `${k} = ${v}`).join(", ")})`;
}

describe("every record of every table is checked by its arguments", () => {
  for (const t of TABLES) {
    for (const def of t.defs) {
      it(`${t.key} ${def.kind}: defaults filled in, out-of-range values refused with ${t.code}`, () => {
        const lines = t.line(call(def));
        const m = t.key === "metrics" && def.kind !== "accuracy" && def.kind !== "top_k" ? undefined : lowerText(train(lines));
        if (m !== undefined) {
          const setting = t.key === "metrics" ? m.train?.metrics?.[0] : t.key === "optimizer" ? m.train?.optimizer : t.key === "schedule" ? m.train?.schedule : m.train?.clip;
          expect(setting?.kind).toBe(def.kind);
          expect(Object.keys(setting?.args ?? {}).sort()).toEqual(def.args.map((a) => a.name).sort());
        }
        for (const a of def.args) {
          const v = bad(a);
          if (v === undefined) continue;
          const text = train(t.line(call(def, { [a.name]: String(v) })));
          expect(problems(text), `${def.kind}(${a.name} = ${v})`).toEqual([[t.code, `\`${a.name}\` of \`${def.kind}\` must be ${a.range![1]}, got ${v}`, undefined]]);
        }
        if (def.args.length > 0) {
          const wrong = def.args[0]!;
          const typo = `${wrong.name}x`;
          expect(problems(train(t.line(call(def, { [typo]: good(wrong) }))))).toEqual([[t.code, `\`${def.kind}\` has no argument \`${typo}\``, `did you mean \`${wrong.name}\`?`]]);
        }
      });
    }
  }

  it("a misspelt setting name gets the nearest one of its table", () => {
    expect(problems(train("  optimizer = adma()"))).toEqual([["E0406", "unknown optimizer `adma`", "did you mean `adam`?"]]);
    expect(problems(train("  optimizer = adam()\n  schedule = cosin()"))).toEqual([["E0420", "unknown schedule `cosin`", "did you mean `cosine`?"]]);
    expect(problems(train("  optimizer = adam()\n  clip = global_nrom(1)"))).toEqual([["E0421", "unknown clipping `global_nrom`", "did you mean `global_norm`?"]]);
    expect(problems(train("  optimizer = adam()\n  metrics = [acuracy]"))).toEqual([["E0422", "unknown metric `acuracy`", "did you mean `accuracy`?"]]);
    expect(problems(train("  optimizer = adam()\n  schedul = cosine()"))[0]).toEqual(["E0403", "unknown train setting `schedul`", "did you mean `schedule`?"]);
  });

  it("kinds, required arguments, positions and cross-argument checks", () => {
    expect(problems(train("  optimizer = sgd()"))).toEqual([["E0406", "`sgd` needs `lr`", "e.g. `sgd(lr = 0.1, momentum = 0.9)`"]]);
    expect(problems(train("  optimizer = sgd(0.1, nesterov = true)"))).toEqual([["E0406", "nesterov momentum needs `momentum` > 0", undefined]]);
    expect(problems(train("  optimizer = sgd(0.1, nesterov = 1)"))).toEqual([["E0406", "argument `nesterov` of `sgd` must be `true` or `false`, but this is the number 1", undefined]]);
    expect(problems(train("  optimizer = adam()\n  schedule = step(2.5)"))).toEqual([["E0420", "argument `every` of `step` must be a whole number, but this is the number 2.5", undefined]]);
    expect(problems(train("  optimizer = adam(0.1, 0.2)"))).toEqual([["E0406", "`adam` takes at most 1 positional argument (lr), but 2 were given", "name the argument: `name = value`"]]);
    expect(problems(train("  optimizer = adam()\n  schedule = cosine"))).toEqual([["E0420", "`cosine` is a schedule: call it", "write `cosine()` (or set its arguments: `cosine(warmup = 100, min_lr = 0.00001)`)"]]);
    expect(problems(train("  optimizer = adam(lr = 0.1, lr = 0.2)"))).toEqual([["E0107", "argument `lr` of `adam` is given twice", undefined]]);
    expect(problems(train("  optimizer = adam(lr = 0.01)\n  schedule = cosine(min_lr = 0.1)"))).toEqual([["E0420", "`min_lr` of `cosine` is 0.1, above the optimizer's learning rate 0.01: the cosine would rise instead of decay", "use a min_lr below the learning rate"]]);
  });
});

describe("the lowered settings", () => {
  it("positional forms and defaults: step(every, gamma), global_norm(1.0), value(0.5), top_k(3)", () => {
    const m = lowerText(train("  optimizer = sgd(0.1, momentum = 0.9, nesterov = true)\n  schedule = step(100)\n  clip = global_norm(1.0)\n  metrics = [accuracy, top_k(3)]"));
    expect(m.train?.optimizer).toMatchObject({ kind: "sgd", args: { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0 }, decayAll: false });
    expect(m.train?.schedule).toEqual({ kind: "step", args: { every: 100, gamma: 0.1 } });
    expect(m.train?.clip).toEqual({ kind: "global_norm", args: { max_norm: 1 } });
    expect(m.train?.metrics).toEqual([
      { kind: "accuracy", args: {} },
      { kind: "top_k", args: { k: 3 } },
    ]);
    expect(lowerText(train("  optimizer = lion()\n  clip = value(0.5)\n  metrics = []")).train).toMatchObject({ clip: { kind: "value", args: { limit: 0.5 } }, metrics: [] });
  });

  it("every optimizer's PyTorch default learning rate; sgd has none", () => {
    const lr = (kind: string): unknown => lowerText(train(`  optimizer = ${kind}()`)).train?.optimizer.args.lr;
    expect(["adam", "adamw", "rmsprop", "adagrad", "lion"].map(lr)).toEqual([0.001, 0.001, 0.01, 0.01, 1e-4]);
  });

  it("decay_all: an argument of optimizers with weight decay, or a train key; not both; not without decay", () => {
    expect(lowerText(train("  optimizer = adamw(decay_all = true)")).train?.optimizer).toMatchObject({ decayAll: true, args: { weight_decay: 0.01 } });
    expect(lowerText(train("  optimizer = adamw()")).train?.optimizer.args).not.toHaveProperty("decay_all");
    expect(lowerText(train("  optimizer = sgd(0.1, weight_decay = 0.01)\n  decay_all = true")).train?.optimizer.decayAll).toBe(true);
    expect(problems(train("  optimizer = adamw(decay_all = true)\n  decay_all = false"))).toEqual([["E0424", "`decay_all` is set twice: as an argument of the optimizer and as a train setting", "keep one of them"]]);
    expect(problems(train("  optimizer = adagrad()\n  decay_all = true"))).toEqual([["E0425", "`decay_all` has no effect: `adagrad` has no weight decay", "remove it, or use an optimizer with weight decay (`sgd`, `adam`, `adamw`, `lion`)"]]);
    expect(problems(train("  optimizer = rmsprop(decay_all = true)"))[0]?.slice(0, 2)).toEqual(["E0406", "`rmsprop` has no argument `decay_all`"]);
    expect(problems(train("  optimizer = adam()\n  decay_all = 1"))).toEqual([["E0407", "`decay_all` must be `true` or `false`, but this is the number 1", undefined]]);
  });

  it("metrics: a list, each metric once", () => {
    expect(problems(train("  optimizer = adam()\n  metrics = accuracy"))).toEqual([["E0422", "`metrics` must be a list such as `[accuracy, top_k(5)]`", "write `[accuracy]`"]]);
    expect(problems(train("  optimizer = adam()\n  metrics = [accuracy, accuracy]"))).toEqual([["E0422", "the metric `accuracy` is listed twice", undefined]]);
  });
});

describe("metrics fit the model (E0423)", () => {
  it("class metrics need class scores and labels; regression metrics a float target", () => {
    expect(problems(train("  optimizer = adam()\n  metrics = [mae]"))).toEqual([
      ["E0423", "the metric `mae` needs an output and a float target input of the same shape, but the output `logits: f32[B, 10]` and the train input `label: i32[B]` are class scores and labels", "use `[accuracy, top_k(5)]` for a classifier"],
    ]);
    expect(problems(train("  optimizer = adam()\n  metrics = [top_k(11)]"))).toEqual([
      ["E0423", "`top_k(11)` needs at least 11 classes, but the output `logits: f32[B, 10]` and the train input `label: i32[B]` are class scores and labels with 10 classes", "use k ≤ 10"],
    ]);
    expect(problems(`${REGRESSION}  optimizer = adam()\n  metrics = [mae, rmse]\n}\n`)).toEqual([]);
    expect(problems(`${REGRESSION}  optimizer = adam()\n  metrics = [top_k(1)]\n}\n`)).toEqual([
      ["E0423", "the metric `top_k(1)` needs class scores `[B, C]` and an `i32` label input `[B]`, but the output `y: f32[B, 1]` and the train input `target: f32[B, 1]` are a binary output and its targets", "use `[mae, rmse]` for a regression"],
    ]);
  });
});

describe("any argument values", () => {
  it("yield the setting or coded diagnostics of its table, never a crash", () => {
    const values = ["-1", "0", "0.5", "1", "3", "1e400", "true", '"s"', "[1, 2]", "x", "B"];
    const cases = TABLES.flatMap((t) => t.defs.map((d) => ({ t, d })));
    fc.assert(
      fc.property(fc.nat(cases.length - 1), fc.array(fc.tuple(fc.nat(5), fc.constantFrom(...values)), { maxLength: 4 }), (k, given) => {
        const { t, d } = cases[k]!;
        const names = [...d.args.map((a) => a.name), "typo"];
        const args = given.map(([i, v]) => `${names[i % names.length]!} = ${v}`).join(", ");
        const r = checkText(train(t.line(`${d.kind}(${args})`)));
        for (const diag of [...r.syntax, ...r.diagnostics]) expect(["E0101", "E0107", "E0204", "E0423", t.code], diag.message).toContain(diag.code);
      }),
      { numRuns: 200 },
    );
  });
});
