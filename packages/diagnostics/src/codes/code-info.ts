/** A diagnostic code's one-line title and the long explanation printed by `nnc explain CODE`. */
export interface CodeInfo {
  readonly title: string;
  /** Markdown-ish text: what the error means, an erroneous example, and how to fix it. */
  readonly explanation: string;
}

/** Builds an explanation from its three parts: what it means, a wrong program, the fix. */
export function explain(meaning: string, wrong: string, fix: string): string {
  return `${meaning}\n\nErroneous example:\n\n${wrong
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n")}\n\nHow to fix it: ${fix}`;
}
