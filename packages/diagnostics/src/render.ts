import type { Diagnostic, Severity } from "./diagnostic.ts";
import type { SourceFile, Span } from "./span.ts";
import { Canvas, paint, STYLE, type Style } from "./render-canvas.ts";
import { terminalChar, terminalLines, terminalText } from "./terminal-text.ts";

export interface RenderOptions {
  /** Emit ANSI colour escapes. */
  readonly color: boolean;
}

export interface SummaryOptions extends RenderOptions {
  /** The verb of the summary line: "check" gives "could not check `f`". */
  readonly action: string;
}

/** Tab stops every 4 columns, as in rustc. */
const TAB_WIDTH = 4;

/** One underline on one source line, in visual (tab-expanded, 0-based, end-exclusive) columns. */
interface Annotation {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly primary: boolean;
  /** The span goes on past this line; drawn as an underline to the line's end followed by `...`. */
  readonly continues: boolean;
}

/** Message text with every terminal-unsafe character but the line break made visible (terminal-text.ts). */
function sanitize(text: string): string {
  return terminalLines(text);
}

/** Expands tabs; `columns[i]` is the visual column of code unit `i` (`columns.length === text.length + 1`). */
function expandTabs(text: string): { text: string; columns: number[] } {
  let out = "";
  const columns: number[] = [];
  for (const ch of text) {
    for (let k = 0; k < ch.length; k++) columns.push(out.length);
    // An escaped character is several columns wide; `columns` keeps carets under its first one.
    out += ch === "\t" ? " ".repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : terminalChar(ch);
  }
  columns.push(out.length);
  return { text: out, columns };
}

function severityStyle(severity: Severity): Style {
  return severity === "error" ? STYLE.error : severity === "warning" ? STYLE.warning : STYLE.note;
}

function lineCount(source: SourceFile): number {
  return source.lineStarts.length;
}

function annotate(source: SourceFile, span: Span, rawMessage: string, primary: boolean): Annotation {
  const message = sanitize(rawMessage);
  const line = Math.min(Math.max(span.line, 1), lineCount(source));
  const { columns } = expandTabs(source.lineText(line));
  const visual = (column: number): number => columns[Math.min(Math.max(column - 1, 0), columns.length - 1)] ?? 0;
  const start = visual(span.column);
  const continues = span.endLine > line;
  const end = continues ? visual(Number.MAX_SAFE_INTEGER) : visual(span.endColumn);
  // An empty span (EOF, an empty line, a missing token) still gets one caret.
  return { line, start, end: Math.max(end, start + 1), message, primary, continues };
}

/** The underline row and the label rows under one source line, rustc style. */
function annotationRows(anns: readonly Annotation[], severity: Severity): Canvas[] {
  const sorted = [...anns].sort((a, b) => a.start - b.start || Number(a.primary) - Number(b.primary));
  const styleOf = (a: Annotation): Style => (a.primary ? severityStyle(severity) : STYLE.secondary);
  const underline = new Canvas();
  let rightEdge = 0;
  // Secondary underlines first so that the primary's carets win where they overlap.
  for (const a of [...sorted.filter((x) => !x.primary), ...sorted.filter((x) => x.primary)]) {
    underline.put(a.start, (a.primary ? "^" : "-").repeat(a.end - a.start), styleOf(a));
    if (a.continues) underline.put(a.end, "...", styleOf(a));
    rightEdge = Math.max(rightEdge, a.end + (a.continues ? 3 : 0));
  }
  const labelled = sorted.filter((a) => a.message !== "");
  const inline = labelled[labelled.length - 1];
  if (inline === undefined) return [underline];
  underline.put(rightEdge + 1, inline.message, styleOf(inline));
  const rest = labelled.slice(0, -1);
  if (rest.length === 0) return [underline];
  const rows = [underline];
  const connectors = (upTo: number): Canvas => {
    const row = new Canvas();
    for (const a of rest.slice(0, upTo)) row.put(a.start, "|", styleOf(a));
    return row;
  };
  rows.push(connectors(rest.length));
  // Rightmost label first; every label left of it keeps a `|` running down to its own row.
  for (let i = rest.length - 1; i >= 0; i--) {
    const a = rest[i]!;
    const row = connectors(i);
    row.put(a.start, a.message, styleOf(a));
    rows.push(row);
  }
  return rows;
}

function header(d: Diagnostic, color: boolean): string {
  const style = severityStyle(d.severity);
  const kind = `${d.severity}[${d.code}]`; // every diagnostic has a code (DiagnosticCode)
  return paint(kind, style, color) + paint(`: ${sanitize(d.message)}`, STYLE.bold, color);
}

/** `= note: …` lines; continuation lines of a multi-line note align under its first character. */
function footer(d: Diagnostic, indent: string, color: boolean): string[] {
  const items: [string, string][] = [...d.notes.map((n): [string, string] => ["note", n])];
  if (d.help !== undefined) items.push(["help", d.help]);
  const out: string[] = [];
  for (const [kind, text] of items) {
    const lead = `${indent}${paint("=", STYLE.gutter, color)} ${paint(`${kind}:`, STYLE.bold, color)} `;
    const pad = " ".repeat(indent.length + kind.length + 4);
    sanitize(text)
      .split("\n")
      .forEach((part, i) => out.push((i === 0 ? lead : pad) + part));
  }
  return out;
}

function location(span: Span): string {
  return `${terminalText(span.file)}:${span.line}:${span.column}`;
}

/** Source lines wider than this are shown as a window around their annotations, elided with `...`. */
const MAX_LINE_WIDTH = 120;

interface LineWindow {
  readonly text: string;
  /** Visual column `c` of the full line is drawn at `c - shift`. */
  readonly shift: number;
  readonly width: number;
}

/** The part of a (possibly huge) line to show, keeping the first annotation in view. */
function lineWindow(text: string, anns: readonly Annotation[]): LineWindow {
  if (text.length <= MAX_LINE_WIDTH) return { text, shift: 0, width: text.length };
  const first = Math.min(...anns.map((a) => a.start), text.length);
  const lo = Math.max(0, Math.min(first - 40, text.length - MAX_LINE_WIDTH));
  const hi = Math.min(text.length, lo + MAX_LINE_WIDTH);
  const pre = lo > 0 ? "..." : "";
  const post = hi < text.length ? "..." : "";
  return { text: pre + text.slice(lo, hi) + post, shift: lo - pre.length, width: hi - lo + pre.length };
}

function clipToWindow(a: Annotation, w: LineWindow): Annotation {
  const clamp = (c: number): number => Math.max(0, Math.min(c - w.shift, w.width));
  const start = clamp(a.start);
  return { ...a, start, end: Math.max(clamp(a.end), start + 1) };
}

/** Renders one diagnostic as a code frame over `source` (the file of its primary span). */
export function renderDiagnostic(d: Diagnostic, source: SourceFile, opts: RenderOptions): string {
  const color = opts.color;
  const anns = [annotate(source, d.span, d.label ?? "", true)];
  const elsewhere: string[] = [];
  for (const l of d.labels) {
    if (l.span.file === source.name) anns.push(annotate(source, l.span, l.message, false));
    else elsewhere.push(`${l.message} (at ${location(l.span)})`);
  }
  const lines = [...new Set(anns.map((a) => a.line))].sort((a, b) => a - b);
  const width = String(lines[lines.length - 1] ?? 1).length;
  const gutter = (label: string): string => paint(`${label.padStart(width + 1)} |`, STYLE.gutter, color);
  const out = [header(d, color), `${" ".repeat(width + 1)}${paint("-->", STYLE.gutter, color)} ${location(d.span)}`, gutter("")];
  let previous: number | undefined;
  const showLine = (n: number, lineAnns: readonly Annotation[]): LineWindow => {
    const w = lineWindow(expandTabs(source.lineText(n)).text, lineAnns);
    out.push(`${gutter(String(n))} ${w.text}`.trimEnd());
    return w;
  };
  for (const n of lines) {
    if (previous !== undefined && n - previous === 2) showLine(n - 1, []);
    else if (previous !== undefined && n - previous > 2) out.push(paint("...", STYLE.gutter, color));
    const lineAnns = anns.filter((a) => a.line === n);
    const w = showLine(n, lineAnns);
    for (const row of annotationRows(
      lineAnns.map((a) => clipToWindow(a, w)),
      d.severity,
    )) {
      out.push(`${gutter("")} ${row.render(color)}`.trimEnd());
    }
    previous = n;
  }
  const withElsewhere: Diagnostic = { ...d, notes: [...elsewhere, ...d.notes] };
  const foot = footer(withElsewhere, " ".repeat(width + 2), color);
  if (foot.length > 0) out.push(gutter(""), ...foot);
  return out.join("\n") + "\n";
}

/** Renders a diagnostic whose file has no text to show (it could not be read): header and notes only. */
export function renderDiagnosticWithoutSource(d: Diagnostic, opts: RenderOptions): string {
  return [header(d, opts.color), ...footer(d, "  ", opts.color)].join("\n") + "\n";
}

/** Renders every diagnostic, separated by blank lines, each over the source of its primary span's file. */
export function renderDiagnostics(ds: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, opts: RenderOptions): string {
  return ds
    .map((d) => {
      const source = sources.get(d.span.file);
      return source === undefined ? renderDiagnosticWithoutSource(d, opts) : renderDiagnostic(d, source, opts);
    })
    .join("\n");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The closing line for one file: "error: could not check `f` due to 2 previous errors", or
 * "warning: `f` generated 1 warning"; empty when there is nothing to summarize.
 */
export function renderSummary(rawFileName: string, ds: readonly Diagnostic[], opts: SummaryOptions): string {
  const fileName = terminalText(rawFileName);
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.filter((d) => d.severity === "warning").length;
  if (errors > 0) {
    const tail = warnings > 0 ? `; ${plural(warnings, "warning")} emitted` : "";
    const text = `: could not ${opts.action} \`${fileName}\` due to ${errors === 1 ? "1 previous error" : `${errors} previous errors`}${tail}`;
    return paint("error", STYLE.error, opts.color) + paint(text, STYLE.bold, opts.color) + "\n";
  }
  if (warnings > 0) {
    return paint("warning", STYLE.warning, opts.color) + paint(`: \`${fileName}\` generated ${plural(warnings, "warning")}`, STYLE.bold, opts.color) + "\n";
  }
  return "";
}
