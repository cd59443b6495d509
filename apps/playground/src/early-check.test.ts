import { afterEach, describe, expect, it, vi } from "vitest";
import { AnalysisClient, type AnalysisWorker, type WorkerFactory } from "./analysis-client.ts";
import type { AnalyzeMessage, FromAnalysisWorker, ToAnalysisWorker } from "./analysis-protocol.ts";
import { summarize } from "./analysis-summary.ts";
import { analyze } from "./analyze.ts";
import { EARLY_ID, startEarlyCheck, takeEarlyCheck, type EarlyCheck } from "./early-check.ts";
import { earlyName, earlyRequest } from "./early-request.ts";
import { exampleForShare } from "./examples.ts";
import { encodeShare } from "./share-link.ts";

const SUM = "model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = a + a + a\n}\n";

/** The Worker's answer to analyze request `m`, as analysis-worker.ts gives it. */
const answerTo = (m: AnalyzeMessage): FromAnalysisWorker => ({ type: "analyzed", id: m.id, analysis: summarize(analyze(m.fileName, m.text), m.id), drawings: null, analyzeMs: 1, layoutMs: 1 });

/** A stand-in for the browser's Worker class: records what it is sent and whether it was terminated. */
class DomWorker {
  static made: DomWorker[] = [];
  readonly sent: unknown[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor(
    readonly url: URL,
    readonly options: WorkerOptions = {},
  ) {
    DomWorker.made.push(this);
  }
  postMessage(m: unknown): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Delivers `data` as the Worker's message. */
  emit(data: FromAnalysisWorker): void {
    this.onmessage?.({ data } as MessageEvent);
  }
}

/** Client-made Workers (a fake factory), to tell them apart from the early one. */
let made: { sent: ToAnalysisWorker[]; terminated: boolean }[] = [];
const factory: WorkerFactory = () => {
  const w = { sent: [] as ToAnalysisWorker[], terminated: false };
  made.push(w);
  const handle: AnalysisWorker = {
    post: (m) => w.sent.push(m),
    terminate: () => {
      w.terminated = true;
    },
  };
  return handle;
};

afterEach(() => {
  vi.unstubAllGlobals();
  DomWorker.made = [];
  made = [];
  takeEarlyCheck();
});

function started(hash: string): { early: EarlyCheck | null; worker: DomWorker | undefined } {
  vi.stubGlobal("Worker", DomWorker);
  startEarlyCheck(hash);
  return { early: takeEarlyCheck(), worker: DomWorker.made[0] };
}

describe("the early check of a share link (boot.ts)", () => {
  it("starts a fresh analysis Worker named with the link's program, under its example's file name (no message waits on the page)", () => {
    const { early, worker } = started(encodeShare({ source: SUM, example: "moons", settings: {} }));
    expect(worker?.url.pathname).toMatch(/analysis-worker\.ts$/);
    expect(worker?.options.type).toBe("module");
    expect(earlyRequest(worker?.options.name ?? "")).toEqual({ type: "analyze", id: EARLY_ID, fileName: "blocks.nn", text: SUM, expanded: [] });
    expect(worker?.sent).toEqual([]);
    expect(early?.message.text).toBe(SUM);
    // Taken once: the client that takes it owns the Worker.
    expect(takeEarlyCheck()).toBeNull();
  });

  it("starts nothing for a page without a share link or with a damaged one", () => {
    expect(started("").early).toBeNull();
    expect(started("#s=not-lz-text").early).toBeNull();
    expect(DomWorker.made).toHaveLength(0);
  });

  it("is adopted by the first check of the same file and text: its answer (even one that came before) is that check's, with no second Worker", async () => {
    const { early, worker } = started(encodeShare({ source: SUM, example: "matvec", settings: {} }));
    // The Worker answers before the page has loaded its client: the answer waits.
    worker!.emit(answerTo(early!.message));
    const c = new AnalysisClient(factory, { early });
    const r = await c.check("matvec.nn", SUM);
    expect(r?.analysis.model?.name).toBe("Sum");
    expect(r?.analysis.answer).toBe(EARLY_ID);
    expect(made).toHaveLength(0);
    expect(c.started).toBe(1);
    expect(worker!.terminated).toBe(false);
    // Later checks go to the adopted Worker, with the client's own ids.
    const next = c.check("matvec.nn", `${SUM}# edited\n`);
    const m = worker!.sent[0] as AnalyzeMessage;
    expect(m.id).toBeGreaterThan(0);
    worker!.emit(answerTo(m));
    expect((await next)?.analysis.text).toBe(`${SUM}# edited\n`);
  });

  it("is dropped (its Worker terminated) when the first check is of another text", () => {
    const { early, worker } = started(encodeShare({ source: SUM, example: "matvec", settings: {} }));
    const c = new AnalysisClient(factory, { early });
    void c.check("matvec.nn", "model Other(a: f32[2]) -> (b: f32[2]) {\n  b = a\n}\n");
    expect(worker!.terminated).toBe(true);
    expect(made).toHaveLength(1);
    const m = made[0]!.sent[0] as AnalyzeMessage;
    expect(m.text).toContain("Other");
    expect(m.id).toBeGreaterThan(0);
  });
});

describe("the request in the Worker's name (early-request.ts)", () => {
  const m: AnalyzeMessage = { type: "analyze", id: EARLY_ID, fileName: "matvec.nn", text: `${SUM}# "quoted" \\ \u2028 <b>\n`, expanded: ["g:1"] };

  it("comes back as it went in, whatever the text holds", () => {
    expect(earlyRequest(earlyName(m))).toEqual(m);
  });

  it("is none for an unnamed Worker or any other name", () => {
    expect(earlyRequest("")).toBeNull();
    expect(earlyRequest(JSON.stringify(m))).toBeNull();
    expect(earlyRequest("nnc-analyze:{not json")).toBeNull();
  });

  it("is none when a field is missing or of the wrong kind", () => {
    const named = (v: unknown): string => `nnc-analyze:${JSON.stringify(v)}`;
    expect(earlyRequest(named({ ...m, type: "generate" }))).toBeNull();
    expect(earlyRequest(named({ ...m, id: "1" }))).toBeNull();
    expect(earlyRequest(named({ ...m, text: 3 }))).toBeNull();
    expect(earlyRequest(named({ ...m, expanded: [1] }))).toBeNull();
    expect(earlyRequest(named({ type: "analyze", id: 1, fileName: "a.nn", text: "" }))).toBeNull();
    expect(earlyRequest(named(null))).toBeNull();
  });
});

describe("exampleForShare", () => {
  it("opens a link under the example it names, else matvec (as main.ts does)", () => {
    expect(exampleForShare("moons").file).toBe("blocks.nn");
    expect(exampleForShare("no-such-example").id).toBe("matvec");
    expect(exampleForShare(undefined).id).toBe("matvec");
    expect(exampleForShare(42).id).toBe("matvec");
  });
});
