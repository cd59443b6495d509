import { compile, OPTIMIZERS, SCHEDULES } from "@nnc/compiler";
import { describe, expect, it } from "vitest";
import { analyze } from "./analyze.ts";
import { trainable } from "./binding.ts";
import { exampleById, pickerLabel } from "./examples.ts";
import { safeName } from "./export-files.ts";
import { generate } from "./generate.ts";
import { backwardDrawing, forwardDrawing } from "./graph-model.ts";
import { nodeNumbers } from "./numbers.ts";
import type { PageTrainer } from "./page-trainer.ts";
import { programTrainer } from "./program-trainer.ts";
import { fillSetting, parseSetting, startValue, type Table } from "./setting-args.ts";
import { compressToEncodedURIComponent } from "lz-string";
import { dataSpec, defaultSettings, FIELD_RANGES, lrChange, parseSettings, readRanged, type TrainSettings } from "./settings.ts";
import { decodeShare, encodeShare, readShare } from "./share.ts";

const source = (id: string): string => exampleById(id)!.source;

describe("analyze", () => {
  it("reports a type error with the CLI's text at the right line", () => {
    const text = source("matvec").replace("b = W @ a", "b = W @ c");
    const a = analyze("matvec.nn", text);
    expect(a.ok).toBe(false);
    expect(a.diagnostics.length).toBeGreaterThan(0);
    const d = a.diagnostics[0]!;
    expect(d.diagnostic.span.line).toBe(3);
    expect(d.text).toContain("matvec.nn:3:");
    expect(text.slice(d.from, d.to)).toBe("c");
  });

  it("differentiates matvec at b with respect to W and a", () => {
    const a = analyze("matvec.nn", source("matvec"));
    expect(a.ok).toBe(true);
    expect(a.of).toBe("b");
    expect(Object.keys(a.grad!.grads).sort()).toEqual(["W", "a"]);
    const rules = a.explained().stmts.map((e) => e.formula);
    expect(rules).toContain("dW = db ⊗ a");
  });

  it("draws the backward graph one box per rule application, tied to its forward node", () => {
    const a = analyze("spirals.nn", source("spirals"));
    const fwd = forwardDrawing(a.forward!);
    const bwd = backwardDrawing(a.grad!);
    expect(fwd.boxes.find((b) => b.title === "loss")?.kind).toBe("loss");
    const ce = bwd.boxes.filter((b) => b.tie === "%8" && b.kind !== "ghost");
    expect(ce.map((b) => b.title)).toEqual(["dlogits"]);
    expect(ce[0]!.ids.length).toBe(6);
    const dW1 = bwd.boxes.find((b) => b.title === "dW1")!;
    expect(dW1.kind).toBe("gradient");
    expect(bwd.edges.some((e) => e.to === dW1.key && e.from === "g:x" && e.dashed)).toBe(true);
  });
});

describe("trainable", () => {
  it("binds the classifiers of the examples, and says which inputs to rename for the data's fields", () => {
    expect(trainable(analyze("spirals.nn", source("spirals")).model!)).toMatchObject({ bind: { input: "x", label: "label", output: "logits" }, width: 2, classes: 2 });
    // Without a data source `check` has no fields to hold the names against; the page's data has x and label.
    const renamed = source("xor").replace(/\bx\b/g, "pts").replace(/\blabel\b/g, "y").replace("  data      = xor(n = 800)\n", "");
    const t = trainable(analyze("xor.nn", renamed).model!);
    expect("reason" in t ? t.reason : "").toContain("rename `pts` → `x` and `y` → `label`");
    expect(trainable(analyze("matvec.nn", source("matvec")).model!)).toMatchObject({ reason: expect.stringContaining("no train section") as unknown });
  });
});

describe("numbers of matvec's matmul", () => {
  it("show ∂b_i/∂W_jk = δ_ij·a_k and dW = db ⊗ a", () => {
    const a = analyze("matvec.nn", source("matvec"));
    const r = nodeNumbers(a.forward!, "b", 1);
    if ("reason" in r) throw new Error(r.reason);
    const w = r.operands.find((o) => o.operand === "W")!;
    expect(w.jacobianShape).toEqual([3, 3, 3]);
    expect(w.jacobian.length).toBe(3);
    const aVals = [1, 2, 3];
    for (let i = 0; i < 3; i++) {
      const slice = w.jacobian[i]!;
      for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) expect(slice.data[j * 3 + k]).toBe(i === j ? aVals[k] : 0);
    }
    const db = [1, -1, 0.5];
    expect(w.vjp.data).toEqual(db.flatMap((d) => aVals.map((x) => d * x)));
    const da = r.operands.find((o) => o.operand === "a")!;
    const W = r.samples.find((m) => m.title === "W")!.data;
    expect(da.jacobian[0]!.data).toEqual(W);
    for (let k = 0; k < 3; k++) expect(da.vjp.data[k]).toBeCloseTo(db[0]! * W[k]! + db[1]! * W[3 + k]! + db[2]! * W[6 + k]!, 12);
  });
});

describe("share links", () => {
  it("round-trip source and settings and drop malformed fields", () => {
    const sgd = fillSetting(OPTIMIZERS, "sgd", { lr: 0.05, momentum: 0.9 });
    const h = encodeShare({ source: "model M() -> () {}\n# ünïcode", example: "xor", settings: { optimizer: sgd, data: "moons", batch: 16 } });
    const back = decodeShare(h)!;
    expect(back.source).toBe("model M() -> () {}\n# ünïcode");
    expect(back.example).toBe("xor");
    expect(back.settings).toEqual({ optimizer: { kind: "sgd", args: { lr: 0.05, momentum: 0.9, nesterov: false, weight_decay: 0 } }, data: "moons", batch: 16 });
    expect(parseSettings({ lr: "1; alert(1)", data: "evil", batch: 1e9, noise: 0.3, optimizer: { kind: "evil" }, schedule: "step" })).toEqual({ noise: 0.3 });
    // An argument out of its record's range falls back to the record's default.
    expect(parseSettings({ optimizer: { kind: "adam", args: { lr: -1, beta1: 0.5 } } }).optimizer?.args).toMatchObject({ lr: 0.001, beta1: 0.5 });
    expect(decodeShare("#s=garbage")).toBeNull();
    expect(decodeShare("#other")).toBeNull();
  });

  it("say why a link is damaged and keep what can be recovered", () => {
    expect(readShare("")).toEqual({ kind: "none" });
    expect(readShare("#section-2")).toEqual({ kind: "none" });
    const whole = encodeShare({ source: "dim B\n", example: "xor", settings: { batch: 16 } });
    expect(readShare(whole)).toEqual({ kind: "ok", shared: { source: "dim B\n", example: "xor", settings: { batch: 16 } } });
    // Cut short when copied: nothing can be read.
    const cut = readShare(whole.slice(0, 12));
    expect(cut.kind).toBe("damaged");
    expect(cut.kind === "damaged" ? [cut.reason.startsWith("its compressed text cannot be read"), cut.shared] : []).toEqual([true, null]);
    // Readable, but a setting out of range and an unknown example: the source survives, those do not.
    const bad = readShare(`#s=${compressToEncodedURIComponent(JSON.stringify({ v: 1, src: "dim B\n", ex: "nope", set: { batch: 100_000, seed: 4 } }))}`);
    expect(bad).toEqual({
      kind: "damaged",
      reason: 'it names an unknown example ("nope"), so the picker shows your program; the setting batch was not valid and is back at the program\'s default. The program itself is as shared.',
      shared: { source: "dim B\n", settings: { seed: 4 } },
    });
    const noSource = readShare(`#s=${compressToEncodedURIComponent(JSON.stringify({ v: 1, set: {} }))}`);
    expect(noSource.kind === "damaged" ? noSource.reason : "").toBe("it holds no program text. The example below is not what the link held.");
  });
});

describe("the names data of the char models", () => {
  it("survives defaults, share links and dataSpec with the section's own arguments", () => {
    const a = analyze("char-transformer.nn", source("char-transformer"));
    const s = defaultSettings(a.model);
    expect(s.data).toBe("names");
    expect(parseSettings({ data: "names" })).toEqual({ data: "names" });
    expect(dataSpec(s, a.model)).toEqual({ source: "names", args: a.model!.train!.data!.args });
  });
});

describe("field ranges, file names and the picker label", () => {
  it("read a field's text against its range and say what is allowed", () => {
    expect(readRanged(" 32 ", FIELD_RANGES.batch)).toEqual({ value: 32 });
    expect(readRanged("600", FIELD_RANGES.batch)).toEqual({ problem: "out of range; allowed: a whole number from 1 to 512" });
    expect(readRanged("2.5", FIELD_RANGES.epochs)).toEqual({ problem: "not a whole number; allowed: a whole number from 1 to 10,000" });
    expect(readRanged("", FIELD_RANGES.noise)).toEqual({ problem: "empty; allowed: a number from 0 to 1" });
    expect(readRanged("0.5e", FIELD_RANGES.noise)).toEqual({ problem: "not a number; allowed: a number from 0 to 1" });
    expect(readRanged("0.04", FIELD_RANGES.testFraction)).toEqual({ problem: "out of range; allowed: a number from 0.05 to 0.5" });
  });

  it("sanitise download names and label an edited example", () => {
    expect(safeName("Spiral")).toBe("Spiral");
    expect(safeName("matvec.nn")).toBe("matvec");
    expect(safeName("../../etc/passwd")).toBe("etc_passwd");
    expect(safeName("<script>")).toBe("script_");
    expect(safeName("...")).toBe("program");
    expect(safeName("x".repeat(100)).length).toBe(64);
    const e = exampleById("matvec")!;
    expect(pickerLabel(e, e.source)).toBe("b = W·a (the Jacobian)");
    expect(pickerLabel(e, `${e.source} `)).toBe("edited: b = W·a");
  });
});

describe("settings from any table", () => {
  // A record the page has never heard of: its kind, arguments, ranges and start values come from it alone.
  const table: Table<"novel"> = {
    novel: {
      kind: "novel",
      label: "a new optimizer",
      doc: "",
      example: "novel(rate = 0.1)",
      positional: [],
      args: [
        { name: "rate", kind: "number", doc: "", range: [(v) => v > 0, "> 0"], ui: { label: "rate", min: 1e-4, max: 1, step: 1e-4, log: true } },
        { name: "steps", kind: "int", doc: "", default: 3, range: [(v) => v >= 1, "≥ 1"], ui: { label: "steps", min: 1, max: 9, step: 1 } },
        { name: "flag", kind: "bool", doc: "", default: false },
      ],
    },
  };

  it("fill required arguments from the control's range and keep valid given values", () => {
    expect(startValue(table.novel.args[0]!)).toBe(0.01);
    // A record's own start value wins over the middle of the range (exponential's gamma: 0.999, not 0.95).
    expect(startValue({ ...table.novel.args[0]!, ui: { label: "rate", min: 1e-4, max: 1, step: 1e-4, log: true, start: 0.3 } })).toBe(0.3);
    expect(fillSetting(table, "novel")).toEqual({ kind: "novel", args: { rate: 0.01, steps: 3, flag: false } });
    expect(parseSetting(table, { kind: "novel", args: { rate: 0.5, steps: 2.5, flag: true } })).toEqual({ kind: "novel", args: { rate: 0.5, steps: 3, flag: true } });
    expect(parseSetting(table, { kind: "old", args: {} })).toBeUndefined();
    expect(parseSetting(table, { kind: "toString" })).toBeUndefined();
  });
});

/** The page's trainer (what the Worker runs) for example `id` with `change` applied to its settings. */
const pageTrainer = (id: string, change: Partial<TrainSettings> = {}): Promise<PageTrainer> => programTrainer(`${id}.nn`, source(id), change);

describe("the Code tab and the trained class", () => {
  it("are compile()'s class for the program's own settings (parity.test.ts: and `nnc compile`'s)", () => {
    const a = analyze("spirals.nn", source("spirals"));
    const g = generate(a, defaultSettings(a.model), "ts");
    if (!g.ok) throw new Error(g.message);
    expect(g.value.code).toBe(compile(source("spirals"), { fileName: "spirals.nn", generate: "class", target: "ts" }).generated!.code);
    expect(g.value.code).toContain("class Spiral implements CompiledModel");
  });

  it("keep adamw (decoupled decay) apart from adam with L2 decay", () => {
    const a = analyze("xor.nn", source("xor"));
    const s = defaultSettings(a.model);
    const code = (kind: "adam" | "adamw"): string => {
      const g = generate(a, { ...s, optimizer: fillSetting(OPTIMIZERS, kind, { lr: 0.01, weight_decay: 0.1 }) }, "js");
      if (!g.ok) throw new Error(g.message);
      return g.value.code;
    };
    expect(code("adamw")).not.toBe(code("adam"));
  });
});

describe("training the compiled class with the core", () => {
  it("learns xor above 90 % test accuracy", async () => {
    const t = await pageTrainer("xor");
    const before = t.evaluate("test");
    for (let i = 0; i < 600; i++) t.step();
    const after = t.evaluate("test");
    expect(after.loss).toBeLessThan(before.loss / 3);
    expect(after.accuracy).toBeGreaterThan(0.9);
    const surf = t.surface(8, -1, 1);
    // Top-left (x < 0, y > 0) is class 1, top-right class 0.
    expect(surf.cls[0]).toBe(1);
    expect(surf.cls[7]).toBe(0);
  });

  it("takes finite steps with every optimizer of the table, each lowering the loss on xor", async () => {
    for (const kind of Object.keys(OPTIMIZERS) as (keyof typeof OPTIMIZERS)[]) {
      const lr = kind === "sgd" ? 0.1 : kind === "lion" ? 0.002 : 0.02;
      const t = await pageTrainer("xor", { optimizer: fillSetting(OPTIMIZERS, kind, { lr }) });
      const before = t.evaluate("train").loss;
      for (let i = 0; i < 100; i++) expect(Number.isFinite(t.step())).toBe(true);
      expect(t.evaluate("train").loss, kind).toBeLessThan(before);
    }
  });

  it("runs every schedule of the table: the session sets the rate it gives", async () => {
    for (const kind of Object.keys(SCHEDULES) as (keyof typeof SCHEDULES)[]) {
      const t = await pageTrainer("xor", { schedule: fillSetting(SCHEDULES, kind, {}) });
      const rates = new Set<number | null>();
      for (let i = 0; i < 30; i++) {
        t.step();
        rates.add(t.lastStep?.lr ?? null);
      }
      expect(rates.has(null), kind).toBe(false);
      // step() decays every 100 steps at the control's start value: constant within these 30 steps too.
      if (kind === "constant" || kind === "step") expect(rates.size, kind).toBe(1);
      else expect(rates.size, kind).toBeGreaterThan(1);
    }
  });

  it("applies a new learning rate mid-run (only the rate changed) and reloads for anything else", async () => {
    const a = analyze("xor.nn", source("xor"));
    const s = defaultSettings(a.model);
    const faster = { ...s, optimizer: { ...s.optimizer, args: { ...s.optimizer.args, lr: 0.05 } } };
    expect(lrChange(s, faster)).toBe(0.05);
    expect(lrChange(s, { ...faster, seed: 6 })).toBeNull();
    expect(lrChange(s, { ...s, batch: 16 })).toBeNull();
    const t = await pageTrainer("xor");
    t.step();
    expect(t.lastStep?.lr).toBe(0.02);
    t.session.setBaseLr(0.05);
    t.step();
    expect(t.lastStep?.lr).toBe(0.05);
  });
});
