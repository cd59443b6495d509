/**
 * The fenced blocks of README.md and docs/*.md, and the steps of a ```console transcript: a `$ ` line is
 * a command, the lines after it up to the next `$ ` are its expected output (the convention is stated in
 * docs-transcripts.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..");

export interface Block {
  /** The page, relative to the repository root (`docs/cli.md`). */
  readonly page: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: string;
  /** The info string's words after the language: `expect=E0301` → expect: "E0301", `fragment` → fragment: "". */
  readonly attrs: ReadonlyMap<string, string>;
  readonly body: string;
}

export interface Step {
  readonly command: string;
  /** The 1-based line of the `$ ` line in its page. */
  readonly line: number;
  readonly expected: readonly string[];
}

/** README.md and every docs/*.md, sorted. */
export function docPages(): string[] {
  const docs = readdirSync(join(repoRoot, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

/** The fenced (```) blocks of a page; an unclosed fence is an error, not a silently skipped block. */
export function blocksOf(page: string, text = readFileSync(join(repoRoot, page), "utf8")): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A fence may be indented (inside a list item); its body loses that indentation.
    const open = /^( {0,8})(`{3,})(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent = "", fence = "", info = ""] = open;
    const [lang = "", ...words] = info.trim().split(/\s+/).filter((w) => w !== "");
    const end = lines.findIndex((l, j) => j > i && l.trim() === fence);
    if (end < 0) throw new Error(`${page}:${i + 1}: a fence that is never closed`);
    const attrs = new Map(words.map((w) => {
      const eq = w.indexOf("=");
      return eq < 0 ? [w, ""] : [w.slice(0, eq), w.slice(eq + 1)];
    }));
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    blocks.push({ page, line: i + 1, lang, attrs, body: body.join("\n") });
    i = end;
  }
  return blocks;
}

/** The steps of a ```console block; text before the first `$ ` line is an error. */
export function transcriptOf(block: Block): Step[] {
  const steps: { command: string; line: number; expected: string[] }[] = [];
  block.body.split("\n").forEach((text, k) => {
    if (text.startsWith("$ ")) steps.push({ command: text.slice(2), line: block.line + 1 + k, expected: [] });
    else if (steps.length === 0) throw new Error(`${block.page}:${block.line + 1 + k}: output before the first \`$ \` command`);
    else steps[steps.length - 1]!.expected.push(text);
  });
  return steps;
}
