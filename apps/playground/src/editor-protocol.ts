/**
 * Messages between the editor (main thread) and the language Worker (src/language-worker.ts). The
 * document travels as numbered versions; every question names the version it is about, and an answer
 * for a version older than the newest the Worker has seen comes back as `stale` (newest text wins).
 */
import type { Completion, Hover, SignatureHelp } from "@nnc/compiler";

export interface DocMessage {
  readonly type: "doc";
  readonly version: number;
  readonly fileName: string;
  readonly text: string;
}

export type Question = "complete" | "hover" | "signature";

export interface AskMessage {
  readonly type: "ask";
  readonly id: number;
  readonly version: number;
  readonly question: Question;
  readonly offset: number;
}

export type ToLanguageWorker = DocMessage | AskMessage;

export interface Answers {
  readonly complete: readonly Completion[];
  readonly hover: Hover | undefined;
  readonly signature: SignatureHelp | undefined;
}

/** One member per question, so `question` narrows `result`. */
export type AnswerMessage = { [Q in Question]: { readonly type: "answer"; readonly id: number; readonly version: number; readonly question: Q; readonly result: Answers[Q] } }[Question];

export type FromLanguageWorker =
  | AnswerMessage
  | { readonly type: "stale"; readonly id: number }
  | { readonly type: "failed"; readonly id: number; readonly message: string };
