/**
 * Every command transcript in README.md and docs/*.md is run, and what it prints compared (the
 * convention, for writers of docs):
 *
 * - A ```console block is a transcript: a line starting with `$ ` is a command; the lines after it up to
 *   the next `$ ` are its output, stdout and stderr interleaved as a terminal shows them (NO_COLOR).
 * - A page's commands run in order in one temporary folder holding a copy of examples/, a link to
 *   node_modules and the page's blocks marked `file=NAME` (```nn file=bad.nn, ```text file=names.txt); `nnc …`/`npx nnc …` runs in-process, other
 *   commands in bash.
 * - Every command must exit 0 unless the next command is `$ echo $?`, whose output is its status.
 * - Output matching (docs-match.ts): a line that is only `…` (indented or not) matches any lines, a `…`
 *   inside a line any text, and throughput (`N samples/s`) and elapsed `m:ss` are not compared.
 * - Commands that cannot run in a test go in ```sh blocks, which are not run and hold no `$ ` prompt.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksOf, docPages, repoRoot, transcriptOf, type Step } from "./docs-blocks.ts";
import { linesOf, outputMatches } from "./docs-match.ts";
import { pageFolder, runCommand, type Ran } from "./docs-run.ts";

const ECHO_STATUS = "echo $?";

describe.each(docPages())("%s", (page) => {
  const blocks = blocksOf(page, readFileSync(join(repoRoot, page), "utf8"));
  const transcripts = blocks.filter((b) => b.lang === "console");
  const files = new Map(blocks.flatMap((b) => (b.attrs.has("file") ? [[b.attrs.get("file")!, b.body] as [string, string]] : [])));
  let dir = "";
  const home = process.cwd();
  beforeAll(() => {
    if (transcripts.length === 0) return;
    dir = pageFolder(files);
    process.chdir(dir);
  });
  afterAll(() => {
    if (dir === "") return;
    process.chdir(home);
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows commands only in ```console transcripts (a ```sh block has no `$ ` prompt)", () => {
    const prompts = blocks.filter((b) => b.lang !== "console" && /^\$ /m.test(b.body)).map((b) => `${page}:${b.line} (\`\`\`${b.lang})`);
    expect(prompts).toEqual([]);
  });

  for (const block of transcripts) {
    it(`transcript at line ${block.line}`, async () => {
      const steps = transcriptOf(block);
      let last: { step: Step; ran: Ran } | undefined;
      for (const [k, step] of steps.entries()) {
        const where = `${page}:${step.line}: $ ${step.command}`;
        if (step.command.trim() === ECHO_STATUS) {
          expect(last, `${where}: \`echo $?\` needs a command before it`).toBeDefined();
          expect(`${last!.ran.status}`, where).toBe(step.expected.join("\n"));
          continue;
        }
        const ran = await runCommand(step.command, dir);
        const actual = linesOf(ran.output);
        if (!outputMatches(step.expected, actual)) expect(actual.join("\n"), `${where}: output differs (\`…\` elides)`).toBe(step.expected.join("\n"));
        if (steps[k + 1]?.command.trim() !== ECHO_STATUS) expect(ran.status, `${where}: exit status (show a non-zero one with \`$ echo $?\`)`).toBe(0);
        last = { step, ran };
      }
    });
  }
});
