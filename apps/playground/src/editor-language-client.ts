/**
 * The main-thread side of the language Worker. The editor reports each new text (`update`, cheap: the
 * text is sent only with the next question) and asks questions at offsets; an answer comes back only
 * if the text has not changed since the question — otherwise it resolves to null (newest text wins).
 * A Worker still busy with a question older than `restartMs` when a newer text is asked about is
 * terminated and a fresh one started, so one pathological text cannot hold the editor's help hostage.
 * A Worker that fails (an uncaught error, or a message it cannot read) is dropped at once: every open
 * question resolves to null and the next question starts a fresh Worker.
 */
import type { Answers, FromLanguageWorker, Question, ToLanguageWorker } from "./editor-protocol.ts";

export interface LanguageWorker {
  postMessage(m: ToLanguageWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromLanguageWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}

/** An answer, tagged with its question so callers narrow it without casts. */
export type Answer = { [Q in Question]: { readonly question: Q; readonly result: Answers[Q] } }[Question];

interface Pending {
  readonly version: number;
  readonly since: number;
  readonly resolve: (a: Answer | null) => void;
}

export class LanguageClient {
  private worker: LanguageWorker | null = null;
  private text = "";
  private version = 0;
  private sentVersion = -1;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Workers started so far (a restart starts another). */
  started = 0;
  /** Worker failures seen so far (each drops that Worker). */
  failures = 0;

  constructor(
    private readonly spawn: () => LanguageWorker,
    private fileName = "playground.nn",
    private readonly restartMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  update(text: string): void {
    if (text === this.text) return;
    this.text = text;
    this.version++;
  }

  setFileName(name: string): void {
    if (name === this.fileName) return;
    this.fileName = name;
    this.version++;
  }

  ask(question: Question, offset: number): Promise<Answer | null> {
    this.restartIfHung();
    if (this.worker === null) this.worker = this.start();
    const w = this.worker;
    if (this.sentVersion !== this.version) {
      w.postMessage({ type: "doc", version: this.version, fileName: this.fileName, text: this.text });
      this.sentVersion = this.version;
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { version: this.version, since: this.now(), resolve });
      w.postMessage({ type: "ask", id, version: this.version, question, offset });
    });
  }

  /** Stops the Worker; questions still open resolve to null. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.sentVersion = -1;
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
  }

  private start(): LanguageWorker {
    const w = this.spawn();
    this.started++;
    w.onmessage = (e) => { this.receive(e.data); };
    const fail = (): void => {
      this.failures++;
      // An error of a Worker already replaced must not stop its successor.
      if (this.worker === w) this.dispose();
    };
    w.onerror = fail;
    w.onmessageerror = fail;
    return w;
  }

  private restartIfHung(): void {
    const t = this.now();
    for (const p of this.pending.values()) {
      if (p.version < this.version && t - p.since > this.restartMs) {
        this.dispose();
        return;
      }
    }
  }

  private receive(m: FromLanguageWorker): void {
    const p = this.pending.get(m.id);
    if (p === undefined) return;
    this.pending.delete(m.id);
    if (m.type !== "answer" || m.version !== this.version) {
      p.resolve(null);
      return;
    }
    p.resolve(m);
  }
}
