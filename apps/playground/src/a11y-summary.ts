/** What screen readers hear about the diagnostics list: its counts in words. */

const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "No problems", "1 error", "2 errors, 1 warning", "1 warning"; an internal failure comes first. */
export function problemSummary(errors: number, warnings: number, failed = false): string {
  const parts: string[] = [];
  if (failed) parts.push("internal compiler error");
  if (errors > 0) parts.push(counted(errors, "error"));
  if (warnings > 0) parts.push(counted(warnings, "warning"));
  return parts.length === 0 ? "No problems" : parts.join(", ");
}
