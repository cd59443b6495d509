/**
 * A problem with the values fed to a graph (missing entry, wrong shape or dtype, ragged or
 * non-numeric data, an unbound dim). Thrown by the interpreter; the CLI turns it into a diagnostic.
 */
export type FeedErrorKind = "missing" | "shape" | "dtype" | "ragged" | "non-numeric" | "unbound-dim";

export class FeedError extends Error {
  constructor(
    readonly kind: FeedErrorKind,
    /** The feed entry (input or param name) the problem is about. */
    readonly entry: string,
    message: string,
    /** What the graph expects, e.g. `f32[B, 784]`, and what was given, e.g. `[64, 785]`. */
    readonly expected?: string,
    readonly got?: string,
  ) {
    super(message);
    this.name = "FeedError";
  }
}
