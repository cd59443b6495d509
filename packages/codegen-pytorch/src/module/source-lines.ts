/** The `.nn` file's lines for comments: `# file.nn:12  h = relu(x @ W)` (one line, control characters blanked). */
import { pyCommentText } from "../py-text.ts";

export interface SourceLines {
  at(line: number): string;
}

export function sourceLines(file: string, text: string): SourceLines {
  const lines = text.split("\n");
  const base = pyCommentText(file.split("/").pop() ?? file);
  return {
    at: (line) => {
      const src = pyCommentText(lines[line - 1] ?? "").trim();
      return `${base}:${line}${src === "" ? "" : `  ${src.length > 90 ? `${src.slice(0, 87)}...` : src}`}`;
    },
  };
}
