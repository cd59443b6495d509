/**
 * Messages between the page and the analysis Worker (analysis-worker.ts). The big structures of an
 * analysis (the lowered model, the forward and backward graphs, the explanation: ≈ 2.2 MB for the
 * 4,000-term sum) stay in the Worker. What crosses on every edit is what the page draws now: the
 * diagnostics, the bounded drawings (laid out there, so the page never runs dagre) and small
 * summaries (PageAnalysis). The detail pane, the Code tab, the downloads and the Train tab ASK for
 * the rest, naming the analysis by its text (the Worker keeps the newest ones; after a restart it
 * analyses the text again). Everything is structured-clonable.
 */
import type { LoweredModel } from "@nnc/compiler";
import type { GraphLayout } from "@nnc/graph-view";
import type { DiagnosticView } from "./analyze.ts";
import type { Trainable } from "./binding.ts";
import type { DetailData } from "./detail-data.ts";
import type { Generated } from "./generate.ts";
import type { Box } from "./graph-model.ts";
import type { TrainSettings } from "./settings.ts";

/** The forward and backward drawings, bounded and laid out in the Worker. */
export interface Drawings {
  readonly forward: GraphLayout;
  readonly backward: GraphLayout;
  /** Edges left out by the per-box edge cap, both drawings together. */
  readonly hiddenEdges: number;
  /** The colour of each tie the drawn boxes name: its forward node's position in the forward graph. */
  readonly ties: readonly (readonly [string, number])[];
}

/** What the page needs of the model on every edit, computed in the Worker (the model itself stays there). */
export interface ModelSummary {
  readonly name: string;
  /** The settings `nnc train` would use for it (settings.ts defaultSettings). */
  readonly defaults: TrainSettings;
  /** Whether, and on what, the page can train it (binding.ts trainable). */
  readonly trainable: Trainable | { readonly reason: string };
  /** What it means to training (page-plan.ts modelMeaning), when it is trainable; null otherwise. */
  readonly meaning: string | null;
}

/** The page's copy of one analysis: what it shows on every edit. `answer` names it in later requests. */
export interface PageAnalysis {
  /** The id of the check that produced it (unique per page). */
  readonly answer: number;
  readonly fileName: string;
  /** The program text as analysed. */
  readonly text: string;
  readonly diagnostics: readonly DiagnosticView[];
  readonly ok: boolean;
  readonly model?: ModelSummary;
  /** Whether the program was differentiated: the graphs, the Code tab and the detail pane have something to show. */
  readonly differentiated: boolean;
  /** The value differentiated: the loss, or (no train section) the first output. */
  readonly of?: string;
  readonly failure?: string;
}

/** Which analysis a request is about: the program text (the Worker analyses it again if it no longer has it). */
export interface ProgramRef {
  readonly fileName: string;
  readonly text: string;
}

export interface AnalyzeMessage extends ProgramRef {
  readonly type: "analyze";
  readonly id: number;
  /** Group keys (from an earlier result for the same text) to draw box for box. */
  readonly expanded: readonly string[];
}

/** The model class for the Code tab, the downloads and training. */
export interface GenerateMessage extends ProgramRef {
  readonly type: "generate";
  readonly id: number;
  readonly settings: TrainSettings;
  readonly target: "ts" | "js";
}

/** The lowered model (the Train tab, when it loads a run). */
export interface ModelMessage extends ProgramRef {
  readonly type: "model";
  readonly id: number;
}

/** What the detail pane shows for a selected box. */
export interface DetailMessage extends ProgramRef {
  readonly type: "detail";
  readonly id: number;
  readonly box: Box;
  readonly seed: number;
}

/** Requests other than checks: answered in order, each by its own kind of answer. */
export type AskMessage = GenerateMessage | ModelMessage | DetailMessage;

export type ToAnalysisWorker = AnalyzeMessage | AskMessage;

export interface AnalyzedMessage {
  readonly type: "analyzed";
  readonly id: number;
  readonly analysis: PageAnalysis;
  readonly drawings: Drawings | null;
  /** Milliseconds the Worker spent: compile + differentiate + explain, and grouping + layout. */
  readonly analyzeMs: number;
  readonly layoutMs: number;
}

/** What each request is answered with. */
export interface Answers {
  readonly generate: Generated;
  readonly model: LoweredModel | null;
  readonly detail: DetailData;
}

export type AskKind = keyof Answers;

/** The answer to request `id` of kind `kind`. */
export type AnsweredMessage = { readonly [K in AskKind]: { readonly type: "answered"; readonly kind: K; readonly id: number; readonly result: Answers[K] } }[AskKind];

export type FromAnalysisWorker = AnalyzedMessage | AnsweredMessage;
