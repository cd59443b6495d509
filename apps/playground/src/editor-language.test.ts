import { describe, expect, it } from "vitest";
import { EXAMPLES } from "./examples.ts";
import { LanguageClient, type LanguageWorker } from "./editor-language-client.ts";
import { LanguageService } from "./editor-language-service.ts";
import type { FromLanguageWorker, ToLanguageWorker } from "./editor-protocol.ts";

const mlp = EXAMPLES.find((e) => e.id === "mnist-mlp")!.source;

/** A Worker in the same thread: messages wait until `flush`, as a real Worker's queue would. */
class FakeWorker implements LanguageWorker {
  onmessage: ((e: MessageEvent<FromLanguageWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  readonly inbox: ToLanguageWorker[] = [];
  terminated = false;
  readonly service = new LanguageService((m) => this.outbox.push(m));
  private readonly outbox: FromLanguageWorker[] = [];
  postMessage(m: ToLanguageWorker): void {
    this.inbox.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Fails as a Worker with an uncaught error does: the page gets an `error` event, no answers. */
  crash(): void {
    this.onerror?.({ message: "boom" } as ErrorEvent);
  }
  /** Delivers everything queued to the service, drains it, and hands the answers back. */
  flush(): void {
    for (const m of this.inbox.splice(0)) this.service.receive(m);
    this.service.drain();
    for (const m of this.outbox.splice(0)) this.onmessage?.({ data: m } as MessageEvent<FromLanguageWorker>);
  }
}

/** A client whose Workers are FakeWorkers, each kept in `workers` in the order the client started them. */
function clientWithWorkers(options: { fileName?: string; restartMs?: number; now?: () => number } = {}): { c: LanguageClient; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const spawn = (): FakeWorker => {
    const w = new FakeWorker();
    workers.push(w);
    return w;
  };
  const c = new LanguageClient(spawn, options.fileName, options.restartMs, options.now);
  return { c, workers };
}

describe("the language service behind the Worker", () => {
  it("answers completion, hover and signature help for the newest text", () => {
    const out: FromLanguageWorker[] = [];
    const s = new LanguageService((m) => out.push(m));
    const text = mlp.replace("h      = relu(", "h      = rel(");
    s.receive({ type: "doc", version: 1, fileName: "mlp.nn", text });
    const at = text.indexOf("rel(") + 3;
    s.receive({ type: "ask", id: 1, version: 1, question: "complete", offset: at });
    const inCall = text.indexOf("cross_entropy(") + "cross_entropy(logits, ".length;
    s.receive({ type: "ask", id: 2, version: 1, question: "signature", offset: inCall });
    s.drain();
    expect(s.analysed).toBe(1);
    const [c, sig] = out;
    expect(c?.type === "answer" && c.question === "complete" ? c.result.find((x) => x.label === "relu") : undefined).toMatchObject({ kind: "builtin", detail: "relu(x: operand)" });
    expect(sig).toMatchObject({ type: "answer", result: { activeParameter: 1, signature: { label: "cross_entropy(logits: tensor, labels: tensor)" } } });
  });

  it("hover on h in the MLP shows its inferred shape f32[B, 128]", () => {
    const out: FromLanguageWorker[] = [];
    const s = new LanguageService((m) => out.push(m));
    s.receive({ type: "doc", version: 1, fileName: "mlp.nn", text: mlp });
    s.receive({ type: "ask", id: 7, version: 1, question: "hover", offset: mlp.indexOf("h      =") });
    s.drain();
    const a = out[0];
    expect(a?.type === "answer" && a.question === "hover" ? a.result?.markdown : "").toContain("h: f32[B, 128]");
  });

  it("answers about a one-line sum of 4,000 terms (the symbol walk does not recurse along the chain)", () => {
    const out: FromLanguageWorker[] = [];
    const s = new LanguageService((m) => out.push(m));
    const text = `dim B\nmodel Sum(a: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = ${Array.from({ length: 4000 }, () => "a").join(" + ")}\n}\n`;
    s.receive({ type: "doc", version: 1, fileName: "sum.nn", text });
    s.receive({ type: "ask", id: 1, version: 1, question: "hover", offset: text.indexOf("y =") });
    s.receive({ type: "ask", id: 2, version: 1, question: "hover", offset: text.lastIndexOf("a") });
    s.drain();
    expect(out.map((m) => (m.type === "answer" && m.question === "hover" ? m.result?.markdown.split("\n")[1] : m.type))).toEqual(["y: f32[B, 4]", "a: f32[B, 4]"]);
  });

  it("questions about a superseded version are answered stale, and only the newest text is analysed", () => {
    const out: FromLanguageWorker[] = [];
    const s = new LanguageService((m) => out.push(m));
    s.receive({ type: "doc", version: 1, fileName: "a.nn", text: mlp });
    s.receive({ type: "ask", id: 1, version: 1, question: "hover", offset: 5 });
    s.receive({ type: "doc", version: 2, fileName: "a.nn", text: mlp + "\n" });
    s.receive({ type: "ask", id: 2, version: 2, question: "hover", offset: mlp.indexOf("W1") });
    s.drain();
    expect(out.map((m) => m.type)).toEqual(["stale", "answer"]);
    expect(s.analysed).toBe(1);
  });
});

describe("the language client", () => {
  it("sends the text once per version and resolves answers for the current text", async () => {
    const w = new FakeWorker();
    const c = new LanguageClient(() => w);
    c.update("dim B\n");
    const p1 = c.ask("complete", 0);
    const p2 = c.ask("complete", 1);
    expect(w.inbox.map((m) => m.type)).toEqual(["doc", "ask", "ask"]);
    w.flush();
    const a = await p1;
    expect(a?.question === "complete" ? a.result.map((x) => x.label) : []).toEqual(["dim", "model", "block", "train"]);
    expect(await p2).not.toBeNull();
  });

  it("drops an answer when the text changed after the question (newest text wins)", async () => {
    const w = new FakeWorker();
    const c = new LanguageClient(() => w);
    c.update(mlp);
    const old = c.ask("hover", mlp.indexOf("W1"));
    w.flush();
    c.update(mlp + "# more\n");
    const fresh = c.ask("hover", mlp.indexOf("W1"));
    w.flush();
    // Answered before the text changed: kept.
    expect(await old).toMatchObject({ question: "hover" });
    const staleAsk = c.ask("hover", 0);
    c.update(mlp + "# more and more\n");
    w.flush();
    expect(await staleAsk).toBeNull();
    expect((await fresh)?.question).toBe("hover");
  });

  it("restarts a Worker still busy with an old question when a newer text is asked about", async () => {
    let t = 0;
    const { c, workers } = clientWithWorkers({ fileName: "a.nn", restartMs: 3000, now: () => t });
    c.update("dim B\n");
    const hung = c.ask("complete", 0);
    t = 1000;
    c.update("dim C\n");
    void c.ask("complete", 0);
    expect(c.started).toBe(1);
    t = 5000;
    c.update("dim D\n");
    const after = c.ask("complete", 0);
    expect(await hung).toBeNull();
    expect(c.started).toBe(2);
    expect(workers[0]?.terminated).toBe(true);
    expect(workers[1]?.inbox[0]).toMatchObject({ type: "doc", text: "dim D\n" });
    workers[1]?.flush();
    expect(await after).not.toBeNull();
  });

  it("resolves every open question to null when the Worker fails, and starts a fresh one on the next question", async () => {
    const { c, workers } = clientWithWorkers();
    c.update("dim B\n");
    const first = c.ask("complete", 0);
    const second = c.ask("hover", 0);
    workers[0]?.crash();
    expect(await first).toBeNull();
    expect(await second).toBeNull();
    expect(workers[0]?.terminated).toBe(true);
    expect(c.failures).toBe(1);
    expect(c.started).toBe(1);
    const next = c.ask("complete", 0);
    expect(c.started).toBe(2);
    // The fresh Worker gets the text again before the question.
    expect(workers[1]?.inbox.map((m) => m.type)).toEqual(["doc", "ask"]);
    workers[1]?.flush();
    const a = await next;
    expect(a?.question === "complete" ? a.result.map((x) => x.label) : []).toEqual(["dim", "model", "block", "train"]);
  });

  it("ignores a failure of a Worker already replaced", async () => {
    const { c, workers } = clientWithWorkers();
    c.update("dim B\n");
    void c.ask("complete", 0);
    c.dispose();
    const open = c.ask("complete", 0);
    workers[0]?.crash();
    expect(workers[1]?.terminated).toBe(false);
    workers[1]?.flush();
    expect(await open).not.toBeNull();
    expect(c.started).toBe(2);
  });
});
