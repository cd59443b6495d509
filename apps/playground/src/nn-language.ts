import { StreamLanguage, type StreamParser } from "@codemirror/language";

const KEYWORDS = new Set(["dim", "model", "block", "param", "input", "train", "return"]);
const TYPES = new Set(["f32", "f64", "i32", "bool", "float", "int"]);
const TRAIN_KEYS = new Set(["loss", "optimizer", "data", "batch", "epochs", "seed"]);

interface NnState {
  /** The previous significant token was `dim` or `:`: the next identifier names a type or a dim. */
  afterColon: boolean;
}

/** A token-level `.nn` mode: comments, doc comments, keywords, dtypes, numbers, strings, calls. */
const parser: StreamParser<NnState> = {
  name: "nn",
  startState: () => ({ afterColon: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match("##")) {
      stream.skipToEnd();
      return "docString";
    }
    if (stream.match("#")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/)) return "number";
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
      if (TYPES.has(w) || (typed && w === "dim")) return "typeName";
      if (TRAIN_KEYS.has(w) && stream.match(/^\s*=/, false)) return "propertyName";
      if (stream.match(/^\s*\(/, false)) return "function(variableName)";
      if (/^[A-Z]/.test(w)) return "className";
      return "variableName";
    }
    if (stream.eat(":")) {
      state.afterColon = true;
      return "punctuation";
    }
    stream.next();
    return "punctuation";
  },
  languageData: { commentTokens: { line: "#" } },
};

export const nnLanguage = StreamLanguage.define(parser);
