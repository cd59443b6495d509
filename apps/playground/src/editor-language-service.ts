/**
 * The language Worker's logic without Worker globals (Node tests drive it directly): it keeps the
 * newest document, analyses a version at most once and only when a question needs it, and answers a
 * question about an older version with `stale` instead of analysing text that is already gone.
 */
import { analyzeDocument, complete, hover, signatureHelp, type Analysis } from "@nnc/compiler";
import type { AskMessage, FromLanguageWorker, ToLanguageWorker } from "./editor-protocol.ts";

export class LanguageService {
  private doc = { version: -1, fileName: "playground.nn", text: "" };
  private analysis: { version: number; value: Analysis } | undefined;
  private questions: AskMessage[] = [];
  /** How many versions were analysed (tests check that superseded versions are skipped). */
  analysed = 0;

  constructor(private readonly reply: (m: FromLanguageWorker) => void) {}

  /** Takes a message in; questions wait for `drain`, so a newer document queued behind them wins. */
  receive(m: ToLanguageWorker): void {
    if (m.type === "doc") {
      if (m.version > this.doc.version) this.doc = { version: m.version, fileName: m.fileName, text: m.text };
    } else this.questions.push(m);
  }

  /** Answers the waiting questions: the newest document's, analysed once; older ones as stale. */
  drain(): void {
    const qs = this.questions;
    this.questions = [];
    for (const q of qs) {
      if (q.version !== this.doc.version) {
        this.reply({ type: "stale", id: q.id });
        continue;
      }
      try {
        this.reply(this.answer(q));
      } catch (e) {
        this.reply({ type: "failed", id: q.id, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }

  private answer(q: AskMessage): FromLanguageWorker {
    const a = this.current();
    const offset = Math.max(0, Math.min(q.offset, a.text.length));
    const base = { type: "answer", id: q.id, version: q.version } as const;
    switch (q.question) {
      case "complete":
        return { ...base, question: q.question, result: complete(a, offset) };
      case "hover":
        return { ...base, question: q.question, result: hover(a, offset) };
      case "signature":
        return { ...base, question: q.question, result: signatureHelp(a, offset) };
    }
  }

  private current(): Analysis {
    if (this.analysis?.version === this.doc.version) return this.analysis.value;
    const value = analyzeDocument(this.doc.fileName, this.doc.text, this.analysis?.value);
    this.analysed++;
    this.analysis = { version: this.doc.version, value };
    return value;
  }
}
