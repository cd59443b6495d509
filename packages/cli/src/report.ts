import { diagnostic, DIAGNOSTIC_CODES, renderDiagnostic, renderDiagnosticWithoutSource, renderSummary, SourceFile, type Diagnostic, type DiagnosticCode, type Span } from "@nnc/diagnostics";
import { EXIT, type CliContext } from "./command-module.ts";
import { diagnosticsLine } from "./diagnostic-json.ts";

/** The `file` of a usage problem that is about no argument in particular. */
export const COMMAND_LINE = "<command line>";

/**
 * The text of a command-line option's value as a source, so a diagnostic can point into it: its
 * name is the option (`--data`), and columns count within the value as given.
 */
export function argumentSource(option: string, value: string): SourceFile {
  return new SourceFile(option, value);
}

/** Names of the sources in `sources` that are option values (see argumentSource). */
function isArgument(source: SourceFile): boolean {
  return source.name.startsWith("-");
}

/**
 * One diagnostic as text: a code frame over its source, when it is in `sources`. A frame over an
 * option's value is located as `--> --data argument, column 7` (line L too when the value has several).
 */
function renderOne(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, color: boolean): string {
  const source = sources.get(d.span.file);
  if (source === undefined) return renderDiagnosticWithoutSource(d, { color });
  const text = renderDiagnostic(d, source, { color });
  if (!isArgument(source)) return text;
  const s = d.span;
  const where = s.line === 1 && source.lineStarts.length === 1 ? `column ${s.column}` : `line ${s.line}, column ${s.column}`;
  const at = ` ${s.file}:${s.line}:${s.column}\n`;
  const i = text.indexOf(at);
  return i < 0 ? text : `${text.slice(0, i)} ${s.file} argument, ${where}\n${text.slice(i + at.length)}`;
}

/**
 * Reports a command's diagnostics. Text: code frames on stderr and, with `action`, the summary line
 * for `file` ("error: could not train `m.nn` …"). With --json (`ctx.json`): one line
 * `{"diagnostics": […]}` on stdout, in the shape of `nnc check --json`, and nothing on stderr.
 */
export function reportDiagnostics(ctx: CliContext, file: string, ds: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, action?: string): void {
  if (ds.length === 0) return;
  if (ctx.json) {
    ctx.io.stdout(diagnosticsLine(ds));
    return;
  }
  const color = ctx.color("stderr");
  const frames = ds.map((d) => renderOne(d, sources, color)).join("\n");
  const summary = action === undefined ? "" : renderSummary(file, ds, { color, action });
  ctx.io.stderr(frames + (summary === "" ? "" : "\n" + summary));
}

/** The span of a whole option value (or of `value.slice(start, end)`), in the file named by the option. */
export function argumentSpan(option: string, value: string, start = 0, end = value.length): Span {
  return argumentSource(option, value).span(start, Math.max(end, start + 1));
}

/**
 * A usage problem (exit 2): E0610 for the command line as such (an unknown name, a missing or
 * conflicting option), E0611 for the value of one option, which it then points at.
 */
export function reportUsage(ctx: CliContext, message: string, at?: { readonly option: string; readonly value: string }): number {
  const span = at === undefined ? argumentSpan(COMMAND_LINE, "") : argumentSpan(at.option, at.value);
  reportDiagnostics(ctx, COMMAND_LINE, [diagnostic(at === undefined ? "E0610" : "E0611", message, span)], new Map());
  return EXIT.usage;
}

const KNOWN_CODES: ReadonlySet<string> = new Set(DIAGNOSTIC_CODES);

function isKnownCode(code: string): code is DiagnosticCode {
  return KNOWN_CODES.has(code);
}

/**
 * A code the runtime reports (it is a leaf package, so its codes are plain strings) as a typed code;
 * one without an `nnc explain` entry is a bug in nnc: E0900.
 */
export function runtimeCode(code: string): DiagnosticCode {
  return isKnownCode(code) ? code : "E0900";
}
