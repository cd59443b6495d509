import type { ClipSetting } from "@nnc/runtime/core";
import type { OptimizerChoice } from "@nnc/ops";

/** How far `compile` goes: stop after the explanation, or emit the model class, or the whole program. */
export type Generate = "none" | "class" | "program";

export interface CompileOptions {
  /** The `.nn` file as diagnostics and comments name it. */
  readonly fileName: string;
  /** "f64" turns every f32 of the program into f64 (default "f32"). */
  readonly dtype?: "f32" | "f64";
  /** Threads the generated class splits its large kernels over (1: one thread; default: the machine's cores, at most 4). */
  readonly threads?: number;
  /** The model (default: the first with a train section, else the first). */
  readonly model?: string;
  /** Stop after checking: no model is selected (`nnc check`). */
  readonly checkOnly?: boolean;
  /** The value to differentiate: an output name or `loss` (default: the loss of a training model). */
  readonly of?: string;
  /** Params or float inputs to differentiate with respect to (default: every param). */
  readonly wrt?: readonly string[];
  /**
   * Whether to differentiate (default: when the model has a train section, or `of`/`wrt` is given);
   * true without a train section differentiates the model's only output; false makes a generated
   * class a prediction-only one.
   */
  readonly differentiate?: boolean;
  /** Optimisation passes by name (default: the standard pipeline); `[]` runs none. */
  readonly passes?: readonly string[];
  /** A pass name, or `*`: `onPrint` gets the IR after it. */
  readonly printAfter?: string;
  readonly onPrint?: (pass: string, text: string) => void;
  /**
   * "class": the model class; "program": the whole program (the Node entry only); "none": stop after
   * the explanation. Default: the host's ("program" in Node, "class" in the browser), "none" when
   * the gradient is not the loss's with respect to every param (`of`/`wrt`, or no train section).
   */
  readonly generate?: Generate;
  readonly target?: "ts" | "js";
  /** The batch the memory plan must fit at (default: the train section's, else 32). */
  readonly batch?: number;
  /** The memory limit in bytes (E0667 above it); the Node entry defaults it for programs. */
  readonly maxMemory?: number;
  /** ProgramInfo.dataDir: from the program file's folder to the `.nn` file's folder, relative, POSIX (default "."). */
  readonly dataDir?: string;
  /** Symbolic dims other than the batch fixed to sizes before differentiating (`nnc eval --backend ts`). */
  readonly dims?: Readonly<Record<string, number>>;
  /** Replaces the train section's optimizer (the playground's controls). */
  readonly optimizer?: OptimizerChoice;
  /** Replaces the train section's clipping. */
  readonly clip?: ClipSetting | null;
  /** Also plan every model's memory (Compilation.memory; `nnc check`). */
  readonly memory?: boolean;
  /**
   * Explain the backward graph (Compilation.explanation; default true). false leaves it out unless a
   * class is generated (its comments quote it): a caller that shows it later computes it then
   * (`explainCompilation`), so a first answer does not wait for it.
   */
  readonly explain?: boolean;
  /** Verify the graph after every pass ("each", default: names the pass that broke it) or only the final graph ("end"). */
  readonly verifyPasses?: "each" | "end";
}
