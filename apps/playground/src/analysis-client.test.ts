import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnalysisClient, type AnalysisWorker, type Checked, type WorkerFactory } from "./analysis-client.ts";
import { serialize } from "node:v8";
import { backwardDrawing, forwardDrawing, SEED_KEY } from "@nnc/graph-view";
import type { AnalyzeMessage, FromAnalysisWorker, ToAnalysisWorker } from "./analysis-protocol.ts";
import { summarize } from "./analysis-summary.ts";
import { analyze, explainSafely } from "./analyze.ts";
import { trainable } from "./binding.ts";
import { detailOf } from "./detail-data.ts";
import { meaningKey, meaningOf } from "./page-plan.ts";
import { defaultSettings } from "./settings.ts";

const source = (name: string): string => readFileSync(new URL(`../../../examples/${name}.nn`, import.meta.url), "utf8");

/** A Worker stand-in: records what it is sent; the test answers for it. */
class FakeWorker implements AnalysisWorker {
  readonly sent: ToAnalysisWorker[] = [];
  terminated = false;
  constructor(
    readonly reply: (m: FromAnalysisWorker) => void,
    readonly crash: (reason: string) => void,
  ) {}
  post(m: ToAnalysisWorker): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers analyze request `m` as the real Worker would, for the text it carries. */
  answer(m: ToAnalysisWorker): void {
    if (m.type !== "analyze") throw new Error("not an analyze request");
    this.reply({ type: "analyzed", id: m.id, analysis: summarize(analyze(m.fileName, m.text), m.id), drawings: null, analyzeMs: 1, layoutMs: 1 });
  }
}

let now = 0;
let workers: FakeWorker[] = [];
const factory: WorkerFactory = (onMessage, onError) => {
  const w = new FakeWorker(onMessage, onError);
  workers.push(w);
  return w;
};
const client = (): AnalysisClient => new AnalysisClient(factory, { restartAfterMs: 300, giveUpAfterMs: 5000, now: () => now });
const analyzeSent = (w: FakeWorker): AnalyzeMessage[] => w.sent.filter((m): m is AnalyzeMessage => m.type === "analyze");

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
  workers = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe("AnalysisClient", () => {
  it("answers a check with the Worker's summary of the analysis, named by the check's id", async () => {
    const c = client();
    const p = c.check("matvec.nn", source("matvec"));
    const w = workers[0]!;
    w.answer(w.sent[0]!);
    const r = await p;
    expect(r?.analysis.ok).toBe(true);
    expect(r?.analysis.answer).toBe(w.sent[0]!.id);
    expect(r?.analysis.model?.name).toBe("MatVec");
    expect(r?.analysis.differentiated).toBe(true);
    expect(c.busy).toBe(false);
  });

  it("drops a check replaced by a newer text and runs only the newest of those waiting", async () => {
    const c = client();
    const first = c.check("x.nn", "model A(a: f32[2]) -> (b: f32[2]) {\n  b = a\n}\n");
    now = 100;
    const second = c.check("x.nn", "model B(a: f32[2]) -> (b: f32[2]) {\n  b = a\n}\n");
    const third = c.check("x.nn", "model C(a: f32[2]) -> (b: f32[2]) {\n  b = a + a\n}\n");
    const w = workers[0]!;
    // Only the first was sent: the second waited and was replaced by the third.
    expect(analyzeSent(w).map((m) => m.id)).toEqual([1]);
    expect(await second).toBeNull();
    w.answer(w.sent[0]!);
    expect(await first).toBeNull();
    expect(analyzeSent(w).map((m) => m.id)).toEqual([1, 3]);
    w.answer(w.sent[1]!);
    expect((await third)?.analysis.model?.name).toBe("C");
    expect(workers).toHaveLength(1);
  });

  it("ignores an answer for an id it is not waiting for", async () => {
    const c = client();
    const p = c.check("matvec.nn", source("matvec"));
    const w = workers[0]!;
    w.reply({ type: "analyzed", id: 99, analysis: summarize(analyze("x.nn", ""), 99), drawings: null, analyzeMs: 0, layoutMs: 0 });
    expect(c.busy).toBe(true);
    w.answer(w.sent[0]!);
    expect((await p)?.analysis.model?.name).toBe("MatVec");
  });

  it("terminates a Worker whose check has run 300 ms when a newer text arrives, and checks that text in a fresh one", async () => {
    const c = client();
    const slow = c.check("sum.nn", "slow");
    now = 350;
    const next = c.check("matvec.nn", source("matvec"));
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(await slow).toBeNull();
    const fresh = workers[1]!;
    expect(analyzeSent(fresh).map((m) => m.text)).toEqual([source("matvec")]);
    fresh.answer(fresh.sent[0]!);
    expect((await next)?.analysis.model?.name).toBe("MatVec");
    expect(c.started).toBe(2);
    expect(c.restarts).toBe(1);
  });

  it("waits until the running check has had 300 ms before restarting", async () => {
    const c = client();
    void c.check("sum.nn", "slow");
    now = 100;
    const next = c.check("matvec.nn", source("matvec"));
    expect(workers).toHaveLength(1);
    now = 300;
    vi.advanceTimersByTime(200);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    workers[1]!.answer(workers[1]!.sent[0]!);
    expect((await next)?.analysis.ok).toBe(true);
  });

  it("does not restart when the running check finishes in time", async () => {
    const c = client();
    void c.check("matvec.nn", source("matvec"));
    now = 100;
    const next = c.check("matvec.nn", `${source("matvec")}\n# edited\n`);
    const w = workers[0]!;
    w.answer(w.sent[0]!);
    vi.advanceTimersByTime(1000);
    expect(w.terminated).toBe(false);
    w.answer(w.sent[1]!);
    expect((await next)?.analysis.text).toContain("# edited");
    expect(workers).toHaveLength(1);
    expect(c.restarts).toBe(0);
  });

  it("answers a crashed Worker's check as an internal compiler error and recovers with a fresh Worker", async () => {
    const c = client();
    const p = c.check("x.nn", "anything");
    workers[0]!.crash("Maximum call stack size exceeded");
    const r: Checked | null = await p;
    expect(r?.analysis.failure).toBe("internal compiler error: Maximum call stack size exceeded");
    expect(r?.analysis.ok).toBe(true);
    expect(r?.drawings).toBeNull();
    const again = c.check("matvec.nn", source("matvec"));
    expect(workers).toHaveLength(2);
    workers[1]!.answer(workers[1]!.sent[0]!);
    expect((await again)?.analysis.model?.name).toBe("MatVec");
  });

  it("gives up on a check that runs past its limit", async () => {
    const c = client();
    const p = c.check("x.nn", "stuck");
    vi.advanceTimersByTime(5000);
    expect((await p)?.analysis.failure).toBe("internal compiler error: the check took longer than 5 s and was stopped");
    expect(workers[0]!.terminated).toBe(true);
    expect(c.busy).toBe(false);
  });

  it("sends code generation to the Worker and re-sends it to a fresh Worker after a restart", async () => {
    const c = client();
    const a = analyze("spirals.nn", source("spirals"));
    void c.check("sum.nn", "slow");
    const gen = c.generate(a, defaultSettings(a.model), "js");
    now = 400;
    void c.check("matvec.nn", source("matvec"));
    const fresh = workers[1]!;
    const g = fresh.sent.find((m) => m.type === "generate");
    expect(g).toMatchObject({ type: "generate", fileName: "spirals.nn", target: "js" });
    // The waiting check goes first; the code request after it.
    expect(fresh.sent[0]).toMatchObject({ type: "analyze", fileName: "matvec.nn" });
    fresh.reply({ type: "answered", kind: "generate", id: g!.id, result: { ok: true, value: { code: "class X {}", className: "X" } } });
    expect(await gen).toEqual({ ok: true, value: { code: "class X {}", className: "X" } });
  });

  it("gives up on a code request that never answers", async () => {
    const c = client();
    const a = analyze("matvec.nn", source("matvec"));
    const gen = c.generate(a, defaultSettings(a.model), "js");
    vi.advanceTimersByTime(5000);
    expect(await gen).toEqual({ ok: false, message: "code generation took longer than 5 s and was stopped" });
  });

  it("asks the Worker for the model and a box's detail by the program's text, and ends them with nothing when it stops", async () => {
    const c = client();
    const a = analyze("matvec.nn", source("matvec"));
    const model = c.model(a);
    const box = forwardDrawing(a.forward!).boxes.find((b) => b.key === "f:b")!;
    const detail = c.detail(a, box, 7);
    const w = workers[0]!;
    expect(w.sent).toMatchObject([
      { type: "model", fileName: "matvec.nn", text: a.text },
      { type: "detail", fileName: "matvec.nn", text: a.text, box, seed: 7 },
    ]);
    w.reply({ type: "answered", kind: "model", id: w.sent[0]!.id, result: a.model! });
    expect((await model)?.name).toBe("MatVec");
    const stuck = c.detail(a, box, 7);
    c.dispose();
    expect(await stuck).toBeNull();
    // The earlier detail, never answered, ended too.
    expect(await detail).toBeNull();
  });

  it("expand re-checks the shown text with the group keys", async () => {
    const c = client();
    void c.check("sum.nn", "t");
    workers[0]!.answer(workers[0]!.sent[0]!);
    void c.expand("group:f:%0", "t");
    void c.expand("group:b:x", "t");
    const sent = analyzeSent(workers[0]!);
    expect(sent[1]).toMatchObject({ text: "t", expanded: ["group:f:%0"] });
    // The second expand waits behind the first and carries both keys.
    workers[0]!.answer(sent[1]!);
    expect(analyzeSent(workers[0]!)[2]).toMatchObject({ text: "t", expanded: ["group:f:%0", "group:b:x"] });
    void c.check("sum.nn", "t2");
    workers[0]!.answer(analyzeSent(workers[0]!)[2]!);
    expect(analyzeSent(workers[0]!)[3]).toMatchObject({ text: "t2", expanded: [] });
    // An expand of the drawn "t" while "t2" is the newest text sends nothing.
    const count = analyzeSent(workers[0]!).length;
    expect(await c.expand("group:f:%0", "t")).toBeNull();
    expect(analyzeSent(workers[0]!)).toHaveLength(count);
  });
});

const sumOf = (n: number): string => `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;

describe("the page's copy of an analysis (summarize)", () => {
  it.each(["matvec", "spirals", "mnist-mlp", "cnn", "lstm-names", "blocks"])("%s: answers what the page asks of the full analysis, and survives a structured clone", (name) => {
    const a = analyze(`${name}.nn`, source(name));
    const s = structuredClone(summarize(a, 5));
    expect(s).toStrictEqual(summarize(a, 5));
    expect(s).toMatchObject({ answer: 5, fileName: a.fileName, text: a.text, ok: a.ok, differentiated: true, of: a.of });
    expect(s.diagnostics).toEqual(a.diagnostics);
    expect(s.model?.name).toBe(a.model!.name);
    expect(s.model?.defaults).toEqual(defaultSettings(a.model));
    expect(s.model?.trainable).toEqual(trainable(a.model!));
    // The Train tab's key from the summary is the one from the full analysis, for any settings.
    const settings = { ...defaultSettings(a.model), seed: 3 };
    if (s.model?.meaning !== null) expect(meaningOf(s.model!.meaning, settings)).toBe(meaningKey(a, settings));
  });

  it("keeps the 4,000-term sum's graphs, model and explanation out: a few kB cross instead of megabytes", () => {
    const a = analyze("sum.nn", sumOf(4000));
    // The Worker's analysis with its explanation computed (as after the first detail request).
    const full = serialize({ ...a, explained: a.explained().stmts }).length;
    const page = serialize(summarize(a, 1)).length;
    expect(full).toBeGreaterThan(2_000_000);
    expect(page).toBeLessThan(20_000);
    expect(summarize(a, 1).model).toMatchObject({ name: "Sum", meaning: null, trainable: { reason: expect.stringContaining("no train section") as unknown } });
  });

  it("says an internal compiler error, never differentiated", () => {
    const a = analyze("x.nn", "");
    expect(summarize({ ...a, failure: "internal compiler error: boom" }, 2)).toMatchObject({ answer: 2, failure: "internal compiler error: boom" });
  });
});

describe("the detail of a box, computed in the Worker (detailOf)", () => {
  it("matvec's b: its statement, line, rule and the Jacobian ∂b/∂a, which is W", () => {
    const a = analyze("matvec.nn", source("matvec"));
    const box = forwardDrawing(a.forward!).boxes.find((b) => b.key === "f:b")!;
    const d = detailOf(a, box, 0)!;
    expect(d.backward).toBe(false);
    expect(d.ir.join("\n")).toBe("b: f32[3] = matmul(W, a)");
    expect(d.source).toEqual({ where: "matvec.nn:3:7", line: "b = W @ a" });
    expect(d.highlight).toEqual({ from: a.text.indexOf("W @ a"), to: a.text.indexOf("W @ a") + "W @ a".length });
    expect(d.rules.length).toBeGreaterThan(0);
    if (d.numbers === null || "reason" in d.numbers) throw new Error("no numbers for b");
    const W = d.numbers.samples.find((m) => m.title === "W")!;
    const da = d.numbers.operands.find((o) => o.id === "a")!;
    // b = W·a: ∂b/∂a is W itself, element for element.
    expect(da.jacobian).toHaveLength(1);
    expect(da.jacobian[0]!.data).toEqual(W.data);
  });

  it("explains on the first detail only, once; a compiler bug while explaining is said in the pane, not thrown", () => {
    const a = analyze("matvec.nn", source("matvec"));
    const first = a.explained();
    expect(first.failure).toBeUndefined();
    expect(first.stmts.map((s) => s.formula)).toContain("dW = db ⊗ a");
    expect(a.explained()).toBe(first);
    // A compilation whose backward graph cannot be read: the failure is remembered as an internal compiler error.
    const broken = {
      source: a.source,
      get gradient(): never {
        throw new Error("boom");
      },
      optimized: a.grad,
      forward: a.forward,
    };
    expect(explainSafely(broken)).toEqual({ stmts: [], failure: "internal compiler error while explaining the backward graph: boom" });
    const box = forwardDrawing(a.forward!).boxes.find((b) => b.key === "f:b")!;
    const d = detailOf({ ...a, explained: () => explainSafely(broken) }, box, 0)!;
    expect(d.rules).toEqual([]);
    expect(d.rulesFailure).toBe("internal compiler error while explaining the backward graph: boom");
    expect(detailOf(a, box, 0)!.rulesFailure).toBeUndefined();
  });

  it("a backward box names the forward node it differentiates; no graphs, no detail", () => {
    const a = analyze("matvec.nn", source("matvec"));
    const box = backwardDrawing(a.grad!).boxes.find((b) => b.kind === "gradient")!;
    const d = detailOf(a, box, 0)!;
    expect(d.backward).toBe(true);
    expect(d.differentiates).not.toBeNull();
    expect(detailOf(analyze("x.nn", "model A("), box, 0)).toBeNull();
  });

  it("the seed box of a train model says it is the seed, d<loss> = 1", () => {
    const a = analyze("spirals.nn", source("spirals"));
    const seed = backwardDrawing(a.grad!).boxes.find((b) => b.key === SEED_KEY);
    if (seed === undefined) throw new Error("spirals has no seed box");
    expect(detailOf(a, seed, 0)!.ir).toEqual(["dloss = ∂loss/∂loss = 1 (the seed: the optimizer folded this constant into the boxes it feeds)"]);
  });
});
