/**
 * Shared by the formatter suites: the program a source parses to without positions, the comments of a
 * source in order, and `mess`, which rewrites a source's layout without changing its program.
 */
import fc from "fast-check";
import { SourceFile } from "@nnc/diagnostics";
import { parse } from "@nnc/syntax";

/** The parse result as JSON without spans: equal for two sources exactly when their programs are. */
export function programShape(text: string): string {
  const { program } = parse(new SourceFile("x.nn", text));
  return JSON.stringify(program, (key, value: unknown) => (key === "span" || key.endsWith("Span") ? undefined : value));
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"|#[^\n]*|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_]\w*|\|>|->|<=|>=|==|!=|\.\.\.|\S/g;

/** Every comment (from `#` to the end of its line, trailing whitespace dropped), in order. */
export function comments(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => m[0]).filter((t) => t.startsWith("#")).map((t) => t.trimEnd());
}

/** The choices `mess` makes, drawn by fast-check. */
export interface MessChoices {
  /** Per gap between two tokens on a line: 0 = remove the spaces where that is safe, 3 = a line break after a `,` inside brackets, else n spaces (2: a tab). */
  readonly gaps: readonly number[];
  /** Per line: its indentation, a trailing comment (or none), comment lines and blank lines before it. */
  readonly lines: readonly { indent: string; trailing: string | null; before: readonly string[]; blanks: number }[];
}

const commentText = fc.string({ unit: fc.constantFrom(..."abc xyz #=()é→-".split("")), maxLength: 12 });
const lineChoice = fc.record({
  indent: fc.constantFrom("", " ", "  ", "    ", "\t", "      "),
  trailing: fc.option(commentText.map((t) => `# ${t}`), { nil: null }),
  before: fc.array(fc.tuple(fc.constantFrom("#", "##"), commentText).map(([h, t]) => h + t), { maxLength: 2 }),
  blanks: fc.constantFrom(0, 0, 0, 1, 2, 3),
});
export const messChoices: fc.Arbitrary<MessChoices> = fc.record({
  gaps: fc.array(fc.constantFrom(0, 1, 1, 1, 2, 3, 5), { minLength: 1, maxLength: 400 }),
  lines: fc.array(lineChoice, { minLength: 1, maxLength: 80 }),
});

const wordLike = (t: string): boolean => /^[\w"]/.test(t);

/**
 * One line's code re-spaced: gaps next to `.` stay as they are, two word-like tokens or two operators are
 * never glued, and a line breaks only after a `,` inside brackets (where the grammar allows it).
 */
function respace(code: string, next: () => number): string {
  const tokens = [...code.matchAll(TOKEN)];
  let out = "";
  let depth = 0;
  tokens.forEach((m, i) => {
    if (i > 0) {
      const prev = tokens[i - 1]!;
      const original = code.slice(prev.index + prev[0].length, m.index);
      const n = next();
      const touchesDot = prev[0] === "." || m[0] === ".";
      const glueSafe = wordLike(prev[0]) !== wordLike(m[0]);
      const gap = n === 0 ? (glueSafe ? "" : " ") : n === 2 ? "\t" : n === 3 ? (prev[0] === "," && depth > 0 ? "\n      " : " ") : " ".repeat(n);
      out += touchesDot ? original : gap;
    }
    if (m[0] === "(" || m[0] === "[") depth++;
    if (m[0] === ")" || m[0] === "]") depth--;
    out += m[0];
  });
  return out;
}

/** `text` with its layout scrambled: spaces, tabs, indentation, comments and blank lines. */
export function mess(text: string, c: MessChoices): string {
  let g = 0;
  const next = (): number => c.gaps[g++ % c.gaps.length]!;
  return text
    .split("\n")
    .map((line, i) => {
      const choice = c.lines[i % c.lines.length]!;
      const hash = line.indexOf("#");
      const code = (hash < 0 ? line : line.slice(0, hash)).trim();
      const comment = hash < 0 ? choice.trailing : line.slice(hash);
      const body = code === "" ? (comment ?? "") : choice.indent + respace(code, next) + (comment === null ? "" : ` ${comment}`);
      const before = choice.before.map((t) => choice.indent + t);
      return [...Array<string>(choice.blanks).fill(""), ...before, body].join("\n");
    })
    .join("\n");
}
