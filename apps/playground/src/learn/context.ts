/** What the learn views get from the Train tab, and what they give it back. */
import type { Analysis } from "../analyze.ts";
import type { Trainable } from "../binding.ts";
import type { Progress } from "../train-protocol.ts";
import type { InspectQuery, Inspected, SampleQuery, Sampled } from "./inspect-types.ts";

export interface LearnContext {
  /** The views read only the lowered model (the page keeps no more of the analysis for a run). */
  readonly analysis: Pick<Analysis, "model">;
  readonly target: Trainable;
  inspect(q: InspectQuery): Promise<Inspected>;
  sample(q: SampleQuery): Promise<Sampled>;
}

export interface LearnViews {
  update(p: Progress | null): void;
  reset(): void;
  dispose(): void;
}
