/**
 * Comparing a transcript's expected output with what a command printed. A line that is only `…`
 * (indented or not) matches any number of lines (zero or more); a `…` inside a line matches any text within that line.
 * On lines that report throughput, the number before `samples/s` and an elapsed `m:ss` at the line's
 * end are timing, not results, and are not compared.
 */

export const ELLIPSIS = "…";

/** Lines with their timing fields replaced by fixed text (both sides get the same treatment). */
export function normalizeTiming(line: string): string {
  if (!line.includes("samples/s")) return line;
  return line.replace(/\d[\d,.]* samples\/s/g, "N samples/s").replace(/\b\d+:\d\d(?::\d\d)?$/, "M:SS");
}

function lineMatcher(expected: string): (actual: string) => boolean {
  const exp = normalizeTiming(expected);
  if (!exp.includes(ELLIPSIS)) return (actual) => normalizeTiming(actual) === exp;
  const pattern = new RegExp(`^${exp.split(ELLIPSIS).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
  return (actual) => pattern.test(normalizeTiming(actual));
}

/** Whether `actual` (the printed lines) fits `expected` (the transcript's lines). */
export function outputMatches(expected: readonly string[], actual: readonly string[]): boolean {
  const matchers = expected.map((e) => (e.trim() === ELLIPSIS ? undefined : lineMatcher(e)));
  // ok[i][j]: expected[i..] matches actual[j..]; filled from the end (an `…` line may take 0…n lines).
  const ok: boolean[][] = Array.from({ length: expected.length + 1 }, () => new Array<boolean>(actual.length + 1).fill(false));
  ok[expected.length]![actual.length] = true;
  for (let i = expected.length - 1; i >= 0; i--) {
    for (let j = actual.length; j >= 0; j--) {
      const m = matchers[i];
      ok[i]![j] = m === undefined ? ok[i + 1]![j]! || (j < actual.length && ok[i]![j + 1]!) : j < actual.length && m(actual[j]!) && ok[i + 1]![j + 1]!;
    }
  }
  return ok[0]![0]!;
}

/** Printed text as lines: a final newline does not make an empty last line. */
export function linesOf(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}
