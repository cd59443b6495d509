import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnalysisClient, type AnalysisWorker, type Checked, type WorkerFactory } from "./analysis-client.ts";
import type { AnalyzeMessage, FromAnalysisWorker, ToAnalysisWorker } from "./analysis-protocol.ts";
import { fromWire, toWire } from "./analysis-wire.ts";
import { analyze } from "./analyze.ts";
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
    this.reply({ type: "analyzed", id: m.id, analysis: toWire(analyze(m.fileName, m.text)), drawings: null, analyzeMs: 1, layoutMs: 1 });
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
  it("answers a check with the Worker's analysis, its SourceFile rebuilt", async () => {
    const c = client();
    const p = c.check("matvec.nn", source("matvec"));
    const w = workers[0]!;
    w.answer(w.sent[0]!);
    const r = await p;
    expect(r?.analysis.ok).toBe(true);
    expect(r?.analysis.source.lineText(3)).toBe("  b = W @ a");
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
    w.reply({ type: "analyzed", id: 99, analysis: toWire(analyze("x.nn", "")), drawings: null, analyzeMs: 0, layoutMs: 0 });
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
    fresh.reply({ type: "generated", id: g!.id, result: { ok: true, value: { code: "class X {}", className: "X" } } });
    expect(await gen).toEqual({ ok: true, value: { code: "class X {}", className: "X" } });
  });

  it("gives up on a code request that never answers", async () => {
    const c = client();
    const a = analyze("matvec.nn", source("matvec"));
    const gen = c.generate(a, defaultSettings(a.model), "js");
    vi.advanceTimersByTime(5000);
    expect(await gen).toEqual({ ok: false, message: "code generation took longer than 5 s and was stopped" });
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

describe("an Analysis across the Worker boundary", () => {
  it.each(["matvec", "spirals", "mnist-mlp", "cnn", "lstm-names", "blocks"])("%s: a structured clone equals the original once its SourceFile is rebuilt", (name) => {
    const a = analyze(`${name}.nn`, source(name));
    const back = fromWire(structuredClone(toWire(a)));
    // toStrictEqual compares prototypes too: a class instance that came back as a plain object fails here.
    expect(back).toStrictEqual(a);
  });

  it("carries the explanation as one JSON string, parsed when the page first reads it", () => {
    const a = analyze("spirals.nn", source("spirals"));
    const wire = structuredClone(toWire(a));
    expect(wire).not.toHaveProperty("explained");
    expect(JSON.parse(wire.explainedJson)).toEqual(a.explained);
    const back = fromWire(wire);
    const first = back.explained;
    expect(first.length).toBeGreaterThan(10);
    expect(first).toEqual(a.explained);
    // Parsed once: the second read is the same array.
    expect(back.explained).toBe(first);
  });
});
