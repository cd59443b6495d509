import { StreamLanguage, type StreamParser } from "@codemirror/language";

const KEYWORDS = new Set(["dim", "model", "block", "param", "input", "train", "return"]);
const TYPES = new Set(["f32", "f64", "i32", "bool", "float", "int"]);
const TRAIN_KEYS = new Set(["loss", "optimizer", "data", "batch", "epochs", "seed"]);
/** Contextual keywords: keywords only when a name follows on the line (`next h = …`), names otherwise (`next = x`). */
const STATEMENT_WORDS = new Set(["buffer", "next"]);
/** Built-in names with a meaning of their own: the special forms and the `training` flag. */
const BUILTINS = new Set(["scan", "repeat", "training"]);

interface NnState {
  /**
   * The open brackets, each with the nesting level of the lines inside it (as `nnc fmt` counts: one
   * level more than the line that opened it, however many brackets that line opened).
   */
  open: number[];
  /** The nesting level of the current line. */
  level: number;
  /** The previous significant token was `dim` or `:`: the next identifier names a type or a dim. */
  afterColon: boolean;
  /** The previous token was a `.` right after a name or a segment: the next word or digits are a path segment. */
  inPath: boolean;
  /** The previous token ended an operand (a name, a number, `)` or `]`), so a `.` glued to it starts a path step. */
  afterOperand: boolean;
}

const OPENERS = "([{";
const CLOSERS = ")]}";

/** A line's nesting level: that of the innermost bracket still open after the closers it starts with. */
export function lineLevel(open: readonly number[], line: string): number {
  const leading = /^\s*((?:[)\]}]\s*)*)/.exec(line)?.[1] ?? "";
  const closers = leading.replace(/\s/g, "").length;
  return open[open.length - closers - 1] ?? 0;
}

/**
 * Past this column a line is left unstyled, as one run of text: a pasted one-line sum of 4,000 terms
 * would otherwise become 8,000 spans that the browser lays out on every edit. Its brackets still count.
 * The styled part's spans are most of the paste's cost (its layout, wrapped on a phone): the page's task
 * on that paste was 130–160 ms at 200 columns against 180–360 ms at 1,000 (load ≈ 8 on 2 cores). The
 * longest line of the repository's `.nn` files is 135 columns, so ordinary programs stay fully styled.
 */
export const LONG_LINE = 200;

/** Counts the brackets of `line` from `from` on (strings and the comment skipped) into `open`. */
function skipLongTail(line: string, from: number, open: number[], level: number): void {
  let inString = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i] ?? "";
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "#") return;
    else if (OPENERS.includes(c)) open.push(level + 1);
    else if (CLOSERS.includes(c)) open.pop();
  }
}

/** A token-level `.nn` mode: comments, doc comments, keywords, dtypes, numbers, strings, calls, parameter paths. */
export const nnStreamParser: StreamParser<NnState> = {
  name: "nn",
  startState: () => ({ open: [], level: 0, afterColon: false, inPath: false, afterOperand: false }),
  copyState: (state) => ({ ...state, open: [...state.open] }),
  token(stream, state) {
    if (stream.sol()) state.level = lineLevel(state.open, stream.string);
    if (stream.pos >= LONG_LINE) {
      skipLongTail(stream.string, stream.pos, state.open, state.level);
      stream.skipToEnd();
      return null;
    }
    const inPath = state.inPath;
    const afterOperand = state.afterOperand;
    state.inPath = false;
    state.afterOperand = false;
    if (stream.eatSpace()) return null;
    if (inPath && stream.match(/^(?:[A-Za-z_][A-Za-z0-9_]*|\d+)/)) {
      state.afterOperand = true;
      return "propertyName";
    }
    if (stream.match("...")) return "punctuation";
    if (afterOperand && stream.eat(".")) {
      state.inPath = true;
      return "punctuation";
    }
    if (stream.match("##")) {
      stream.skipToEnd();
      return "docComment";
    }
    if (stream.match("#")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/)) {
      state.afterOperand = true;
      return "number";
    }
    if (stream.match(/^(->|\|>|@|<=|>=|==|!=|[-+*/^<>=])/)) {
      state.afterColon = false;
      return "operator";
    }
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_]*/);
    if (typeof word === "object" && word !== null) {
      const w = word[0];
      const typed = state.afterColon;
      state.afterColon = false;
      if (KEYWORDS.has(w)) return "keyword";
      if (STATEMENT_WORDS.has(w) && stream.match(/^[ \t]+[A-Za-z_]/, false)) return "keyword";
      state.afterOperand = true;
      if (TYPES.has(w) || (typed && w === "dim")) return "typeName";
      if (TRAIN_KEYS.has(w) && stream.match(/^\s*=/, false)) return "propertyName";
      const called = Boolean(stream.match(/^\s*\(/, false));
      if (BUILTINS.has(w)) return called ? "variableName.function.standard" : "variableName.standard";
      if (called) return "variableName.function";
      if (/^[A-Z]/.test(w)) return "className";
      return "variableName";
    }
    if (stream.eat(":")) {
      state.afterColon = true;
      return "punctuation";
    }
    const ch = stream.next();
    state.afterOperand = ch === ")" || ch === "]";
    if (ch !== undefined && OPENERS.includes(ch)) state.open.push(state.level + 1);
    else if (ch !== undefined && CLOSERS.includes(ch)) state.open.pop();
    return "punctuation";
  },
  indent: (state, textAfter, cx) => lineLevel(state.open, textAfter) * cx.unit,
  languageData: { commentTokens: { line: "#" }, indentOnInput: /^\s*[)\]}]$/ },
};

export const nnLanguage = StreamLanguage.define(nnStreamParser);
