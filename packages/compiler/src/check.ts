import { hasErrors, SourceFile, type Diagnostic } from "@nnc/diagnostics";
import { checkProgram, type CheckOptions, type LoweredModel } from "@nnc/lower";
import { parse } from "@nnc/syntax";
import type { Program } from "@nnc/syntax";
import { summarize, type ModelSummary } from "./summary.ts";

export interface CheckResult {
  readonly source: SourceFile;
  /** The parsed program (recovered where it has syntax errors). */
  readonly ast: Program;
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ModelSummary[];
  /** The lowered models; empty when the program has errors. */
  readonly lowered: readonly LoweredModel[];
}

/**
 * The last check's inputs and result. Checking is a pure function of the file name, the text and the
 * options, and a CheckResult is never changed after it is made, so the same inputs checked again
 * (the playground checks a text, then compiles the model it picked: `compile` checks it again) get
 * the same result without a second parse and check. One entry: it holds one program alive.
 */
let last: { readonly fileName: string; readonly text: string; readonly options: string; readonly result: CheckResult } | undefined;

/**
 * Parses and checks one `.nn` source. Syntax errors and type errors are reported together: checking
 * runs on the recovered AST so one run shows every independent mistake.
 */
export function checkSource(fileName: string, text: string, opts: CheckOptions = {}): CheckResult {
  const options = optionsKey(opts);
  if (last !== undefined && last.fileName === fileName && last.text === text && last.options === options) return last.result;
  const result = checkAnew(fileName, text, opts);
  last = { fileName, text, options, result };
  return result;
}

/**
 * The memo's key of the options: their JSON (an option left undefined is the same as left out). Sound
 * only while every option is plain data: the parameter's type rejects CheckOptions at compile time
 * once a field of it is anything but a string, number or boolean (a callback, an object).
 */
function optionsKey(opts: { readonly [K in keyof CheckOptions]?: string | number | boolean }): string {
  return JSON.stringify(opts);
}

function checkAnew(fileName: string, text: string, opts: CheckOptions): CheckResult {
  const source = new SourceFile(fileName, text);
  const parsed = parse(source);
  const checked = checkProgram(parsed.program, source, opts);
  const diagnostics = [...parsed.diagnostics, ...withoutCascades(checked.diagnostics, parsed.diagnostics, parsed.program)].sort(
    (a, b) => a.span.start - b.span.start,
  );
  const ok = !hasErrors(diagnostics);
  return {
    source,
    ast: parsed.program,
    diagnostics,
    models: checked.models.map(summarize),
    lowered: ok ? checked.models : [],
  };
}

/**
 * Drops checker diagnostics inside a declaration that also holds a syntax error: the parser's
 * recovery leaves such declarations partial, and their "undefined name" reports would be follow-on
 * errors of the syntax error, not root causes.
 */
function withoutCascades(checked: readonly Diagnostic[], syntax: readonly Diagnostic[], program: Program): Diagnostic[] {
  if (syntax.length === 0) return [...checked];
  const broken = program.items.filter((item) => syntax.some((d) => d.span.start >= item.span.start && d.span.start <= item.span.end));
  return checked.filter((d) => !broken.some((item) => d.span.start >= item.span.start && d.span.start <= item.span.end));
}
