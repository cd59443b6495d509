/**
 * The page's side of the training Worker: starts it on first use, numbers the loads, drops what an
 * older load posted (Reset or a new program while the old run still reports), and matches inspect
 * and sample answers to their requests. A failed Worker is terminated; the next message starts a new one.
 */
import type { FromWorker, InspectMessage, Inspected, LoadMessage, Sampled, SampleMessage, Stamped, ToWorker } from "./train-protocol.ts";

/** Messages about the run (everything but the answers to inspect and sample). */
export type RunMessage = Exclude<FromWorker, Inspected | Sampled>;
/** Control messages the panel posts as they are. */
export type Control = Exclude<ToWorker, LoadMessage | InspectMessage | SampleMessage>;

export interface TrainWorkerPort {
  post(m: ToWorker): void;
  terminate(): void;
}
export type StartWorker = (onMessage: (m: Stamped) => void, onError: (message: string) => void) => TrainWorkerPort;

export const startTrainWorker: StartWorker = (onMessage, onError) => {
  const w = new Worker(new URL("./train-worker.ts", import.meta.url), { type: "module", name: "nnc-train" });
  w.onmessage = (e: MessageEvent<Stamped>) => {
    onMessage(e.data);
  };
  w.onerror = (e) => {
    onError(e.message);
  };
  return {
    post: (m) => {
      w.postMessage(m);
    },
    terminate: () => {
      w.terminate();
    },
  };
};

/**
 * What to do with a Worker message when the page's current load is `load`: apply a run message of
 * this load, drop one of an older load, and answer every request (an older load's answer as an error:
 * its values are of parameters that are gone).
 */
export type Triage = { readonly kind: "apply"; readonly m: RunMessage } | { readonly kind: "answer"; readonly m: Inspected | Sampled } | { readonly kind: "drop" };

export function triage(m: Stamped, load: number): Triage {
  if (m.type === "inspected" || m.type === "sampled") {
    if (m.load === load) return { kind: "answer", m };
    const error = "the model was reloaded";
    return { kind: "answer", m: m.type === "inspected" ? { type: m.type, id: m.id, error } : { type: m.type, id: m.id, error } };
  }
  return m.load === load ? { kind: "apply", m } : { kind: "drop" };
}

type Pending = (r: Inspected | Sampled) => void;

export class TrainClient {
  private port: TrainWorkerPort | null = null;
  private loadId = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly onRun: (m: RunMessage) => void,
    private readonly onError: (message: string) => void,
    private readonly start: StartWorker = startTrainWorker,
  ) {}

  get started(): boolean {
    return this.port !== null;
  }

  /** Loads a model; from now on only messages of this load reach `onRun`. */
  load(msg: Omit<LoadMessage, "type" | "load">): void {
    this.loadId++;
    this.post({ type: "load", load: this.loadId, ...msg });
  }

  post(msg: Control | LoadMessage): void {
    this.send(msg);
  }

  /** Forward values of the loaded model with its current parameters (see InspectMessage). */
  inspect(q: Omit<InspectMessage, "type" | "id">): Promise<Inspected> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (r) => {
        resolve(r.type === "inspected" ? r : { type: "inspected", id, error: "error" in r ? r.error : "a sample answered an inspect" });
      });
      this.send({ type: "inspect", id, ...q });
    });
  }

  /** Sampled text of the loaded char model (see SampleMessage). */
  sample(q: Omit<SampleMessage, "type" | "id">): Promise<Sampled> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (r) => {
        resolve(r.type === "sampled" ? r : { type: "sampled", id, error: "error" in r ? r.error : "an inspect answered a sample" });
      });
      this.send({ type: "sample", id, ...q });
    });
  }

  private send(msg: ToWorker): void {
    this.port ??= this.start(
      (m) => {
        this.receive(m);
      },
      (message) => {
        this.failed(message);
      },
    );
    this.port.post(msg);
  }

  private receive(m: Stamped): void {
    const t = triage(m, this.loadId);
    if (t.kind === "apply") this.onRun(t.m);
    else if (t.kind === "answer") {
      const p = this.pending.get(t.m.id);
      this.pending.delete(t.m.id);
      p?.(t.m);
    }
  }

  /** An error event does not stop a Worker: it is terminated, and whatever it still posts is of no load. */
  private failed(message: string): void {
    this.port?.terminate();
    this.port = null;
    this.loadId++;
    for (const [id, p] of this.pending) p({ type: "inspected", id, error: "the training worker failed" });
    this.pending.clear();
    this.onError(message);
  }
}
