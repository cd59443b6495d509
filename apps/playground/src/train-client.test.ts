import { describe, expect, it } from "vitest";
import { TrainClient, triage, type RunMessage, type TrainWorkerPort } from "./train-client.ts";
import type { PagePlan } from "./page-trainer.ts";
import type { Inspected, Progress, Stamped, ToWorker } from "./train-protocol.ts";

function progress(step: number, load: number): Stamped {
  const p: Progress = { type: "progress", step, epoch: 0, epochs: 1, stepsPerEpoch: 10, losses: new Float32Array([1]), loss: 1, evalStep: step, testLoss: 1, testAccuracy: 0.5, testRows: 10, testSize: 10, trainAccuracy: 0.5, trainRows: 10, trainSize: 40, stepsPerSecond: 60 };
  return { ...p, load };
}

describe("triage", () => {
  it("applies run messages of the current load and drops an older load's", () => {
    expect(triage(progress(7, 2), 2)).toEqual({ kind: "apply", m: progress(7, 2) });
    expect(triage(progress(7, 1), 2)).toEqual({ kind: "drop" });
    expect(triage({ type: "stopped", reason: "done", message: "finished", load: 1 }, 2)).toEqual({ kind: "drop" });
  });

  it("answers every request, an older load's as an error", () => {
    const answer: Stamped = { type: "inspected", id: 4, step: 3, count: 0, values: {}, params: {}, load: 2 };
    expect(triage(answer, 2)).toEqual({ kind: "answer", m: answer });
    expect(triage({ ...answer, load: 1 }, 2)).toEqual({ kind: "answer", m: { type: "inspected", id: 4, error: "the model was reloaded" } });
    expect(triage({ type: "sampled", id: 5, step: 3, texts: ["ann"], load: 1 }, 2)).toEqual({ kind: "answer", m: { type: "sampled", id: 5, error: "the model was reloaded" } });
  });
});

/** A Worker stand-in: records what the page posts; `reply` delivers a message as the Worker would. */
class FakeWorker implements TrainWorkerPort {
  readonly posted: ToWorker[] = [];
  terminated = false;
  constructor(
    readonly reply: (m: Stamped) => void,
    readonly fail: (message: string) => void,
  ) {}
  post(m: ToWorker): void {
    this.posted.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function setUp(): { client: TrainClient; seen: RunMessage[]; errors: string[]; workers: FakeWorker[] } {
  const seen: RunMessage[] = [];
  const errors: string[] = [];
  const workers: FakeWorker[] = [];
  const client = new TrainClient(
    (m) => seen.push(m),
    (e) => errors.push(e),
    (onMessage, onError) => {
      const w = new FakeWorker(onMessage, onError);
      workers.push(w);
      return w;
    },
  );
  return { client, seen, errors, workers };
}

const plan = {} as unknown as PagePlan;

describe("TrainClient", () => {
  it("numbers loads and drops the old run's reports that arrive after a reload (Reset while running)", () => {
    const { client, seen, workers } = setUp();
    client.load({ plan, digitsUrl: "d", namesUrl: "n" });
    client.post({ type: "run" });
    const w = workers[0]!;
    expect(w.posted.map((m) => m.type)).toEqual(["load", "run"]);
    expect(w.posted[0]).toMatchObject({ type: "load", load: 1 });
    w.reply(progress(50, 1));
    client.load({ plan, digitsUrl: "d", namesUrl: "n" });
    expect(w.posted[2]).toMatchObject({ type: "load", load: 2 });
    // Posted by the Worker before it handled the second load: the old run's last report and its end.
    w.reply(progress(51, 1));
    w.reply({ type: "stopped", reason: "done", message: "finished", load: 1 });
    w.reply(progress(1, 2));
    expect(seen.map((m) => (m.type === "progress" ? m.step : m.type))).toEqual([50, 1]);
  });

  it("terminates a failed Worker, answers its open requests with an error and starts a new one on the next message", async () => {
    const { client, seen, errors, workers } = setUp();
    client.load({ plan, digitsUrl: "d", namesUrl: "n" });
    const asked = client.inspect({ rows: { kind: "test", limit: 3 }, nodes: ["logits"], params: [] });
    const w = workers[0]!;
    w.fail("boom");
    expect(w.terminated).toBe(true);
    expect(errors).toEqual(["boom"]);
    const r: Inspected = await asked;
    expect(r).toEqual({ type: "inspected", id: 1, error: "the training worker failed" });
    // Whatever the failed Worker still posts belongs to no load.
    w.reply(progress(9, 1));
    expect(seen).toEqual([]);
    client.load({ plan, digitsUrl: "d", namesUrl: "n" });
    expect(workers).toHaveLength(2);
    expect(workers[1]!.posted[0]).toMatchObject({ type: "load", load: 3 });
  });

  it("matches answers to their requests by id", async () => {
    const { client, workers } = setUp();
    client.load({ plan, digitsUrl: "d", namesUrl: "n" });
    const a = client.inspect({ rows: { kind: "test", limit: 1 }, nodes: ["logits"], params: [] });
    const b = client.sample({ count: 1, temperature: 1, seed: 1 });
    const w = workers[0]!;
    w.reply({ type: "sampled", id: 2, step: 4, texts: ["ava"], load: 1 });
    w.reply({ type: "inspected", id: 1, step: 4, count: 0, values: {}, params: {}, load: 1 });
    expect(await b).toEqual({ type: "sampled", id: 2, step: 4, texts: ["ava"], load: 1 });
    expect(await a).toMatchObject({ type: "inspected", id: 1, step: 4 });
  });
});
