/**
 * The `nnc` lines of ```sh blocks are not run (they train for minutes or install things), but each must
 * name a command nnc has and only options that command's `--help` lists, so they cannot drift
 * silently either.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { blocksOf, docPages, repoRoot } from "./docs-blocks.ts";
import { nncArgs } from "./docs-run.ts";

const GLOBAL = ["--color", "--help", "--version"];

/** Every `nnc …` invocation in the page's ```sh blocks, `&&`-chains split, with its line. */
function shInvocations(page: string): { line: number; args: string[] }[] {
  return blocksOf(page, readFileSync(join(repoRoot, page), "utf8"))
    .filter((b) => b.lang === "sh")
    .flatMap((b) => b.body.split("\n").flatMap((text, k) => text.split("&&").flatMap((part) => {
      const args = nncArgs(part.trim());
      return args === undefined ? [] : [{ line: b.line + 1 + k, args }];
    })));
}

/** Whether `--help` text lists the option (as a whole word: `--epoch` is not `--epochs`). */
function listed(help: string, option: string): boolean {
  const literal = option.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[\\s,])${literal}([\\s,<\\[]|$)`, "m").test(help);
}

const helps = new Map<string, string>();
async function helpOf(command: string): Promise<string> {
  const known = helps.get(command);
  if (known !== undefined) return known;
  const io = recordingIo({ NO_COLOR: "1" });
  expect(await runCli([command, "--help"], io), `nnc ${command} --help`).toBe(0);
  const text = io.out.join("") + io.err.join("");
  helps.set(command, text);
  return text;
}

describe("the nnc lines of ```sh blocks", () => {
  const all = docPages().flatMap((page) => shInvocations(page).map((inv) => ({ page, ...inv })));
  it("there are some (README's command list)", () => {
    expect(all.length).toBeGreaterThan(5);
  });
  it("the check reads options from the help (a made-up option is not there, a real one is)", async () => {
    const help = await helpOf("train");
    expect(listed(help, "--epochs")).toBe(true);
    expect(listed(help, "--epoch")).toBe(false);
    expect(listed(help, "--bogus")).toBe(false);
  });
  for (const { page, line, args } of all) {
    it(`${page}:${line} nnc ${args.join(" ")}`, async () => {
      const help = await helpOf(args[0]!);
      const options = args.slice(1).filter((a) => a.startsWith("--")).map((a) => a.split("=")[0]!);
      const unknown = options.filter((o) => !GLOBAL.includes(o) && !listed(help, o));
      expect(unknown, `options nnc ${args[0]} --help does not list`).toEqual([]);
    });
  }
});
