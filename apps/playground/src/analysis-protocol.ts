/**
 * Messages between the page and the analysis Worker (analysis-worker.ts). Everything is structured-clonable:
 * the Analysis travels with its SourceFile as plain { name, text } (analysis-wire.ts rebuilds it), the
 * drawings already bounded (grouped boxes) and laid out, so the page never runs dagre.
 */
import type { GraphLayout } from "@nnc/graph-view";
import type { Analysis } from "./analyze.ts";
import type { Generated } from "./generate.ts";
import type { TrainSettings } from "./settings.ts";

/** The forward and backward drawings, bounded and laid out in the Worker. */
export interface Drawings {
  readonly forward: GraphLayout;
  readonly backward: GraphLayout;
  /** Edges left out by the per-box edge cap, both drawings together. */
  readonly hiddenEdges: number;
}

/**
 * An Analysis as it crosses to or from the Worker: `source` without its methods, and the explanation
 * (the largest part: ≈ 2 MB of 3.3 for the 4,000-term sum) as one JSON string, which a structured clone
 * copies in one piece; the page parses it only when something reads `explained` (the detail pane).
 */
export type WireAnalysis = Omit<Analysis, "source" | "explained"> & { readonly source: { readonly name: string; readonly text: string }; readonly explainedJson: string };

export interface AnalyzeMessage {
  readonly type: "analyze";
  readonly id: number;
  readonly fileName: string;
  readonly text: string;
  /** Group keys (from an earlier result for the same text) to draw box for box. */
  readonly expanded: readonly string[];
}

export interface GenerateMessage {
  readonly type: "generate";
  readonly id: number;
  readonly fileName: string;
  readonly text: string;
  readonly settings: TrainSettings;
  readonly target: "ts" | "js";
}

export type ToAnalysisWorker = AnalyzeMessage | GenerateMessage;

export interface AnalyzedMessage {
  readonly type: "analyzed";
  readonly id: number;
  readonly analysis: WireAnalysis;
  readonly drawings: Drawings | null;
  /** Milliseconds the Worker spent: compile + differentiate + explain, and grouping + layout. */
  readonly analyzeMs: number;
  readonly layoutMs: number;
}

export interface GeneratedMessage {
  readonly type: "generated";
  readonly id: number;
  readonly result: Generated;
}

export type FromAnalysisWorker = AnalyzedMessage | GeneratedMessage;
