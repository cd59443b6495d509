/** A diagnostic code's one-line title and the long explanation printed by `nnc explain CODE`. */
export interface CodeInfo {
  readonly title: string;
  /** Markdown-ish text: what the error means, an erroneous example, and how to fix it. */
  readonly explanation: string;
}
