// The VS Code grammar's word lists (editors/vscode/syntaxes/nn.tmLanguage.json) are the compiler's:
// its keywords are the lexer's, its built-ins, library blocks, initializers and train-section words
// are the tables the checker uses. A new keyword or built-in fails here until the grammar knows it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import { BUILTINS } from "@nnc/lower";
import { CLIPS, callableDataSources, INITIALIZERS, METRICS, OPTIMIZERS, SCHEDULES } from "@nnc/ops";
import { parse } from "@nnc/syntax";
import { libraryBlocks } from "./stdlib-support.ts";

interface Rule {
  readonly match?: string;
  readonly begin?: string;
  readonly name?: string;
  readonly patterns?: readonly Rule[];
  readonly captures?: Record<string, { name?: string }>;
}
interface Grammar {
  readonly scopeName: string;
  readonly repository: Record<string, Rule>;
}

const repo = new URL("../../", import.meta.url);
const grammar = JSON.parse(readFileSync(new URL("editors/vscode/syntaxes/nn.tmLanguage.json", repo), "utf8")) as Grammar;
const tokensTs = readFileSync(new URL("packages/syntax/src/tokens.ts", repo), "utf8");
const trainTs = readFileSync(new URL("packages/lower/src/train.ts", repo), "utf8");

/** The words of a rule's first alternation group: `\b(relu|sigmoid)\b(?=…)` → relu, sigmoid. */
function wordsOf(rule: Rule | undefined): string[] {
  const m = /\((?:\?:)?([A-Za-z0-9_|]+)\)/.exec(rule?.match ?? rule?.begin ?? "");
  if (m === null) throw new Error(`no word list in ${JSON.stringify(rule)}`);
  return m[1]!.split("|").sort();
}

function rule(name: string): Rule {
  const r = grammar.repository[name];
  if (r === undefined) throw new Error(`the grammar has no repository rule ${name}`);
  return r;
}

/** Every scope name anywhere in the grammar. */
function allScopes(r: unknown, out: string[] = []): string[] {
  if (Array.isArray(r)) for (const x of r) allScopes(x, out);
  else if (typeof r === "object" && r !== null) {
    for (const [k, v] of Object.entries(r)) {
      if (k === "name" && typeof v === "string") out.push(v);
      else allScopes(v, out);
    }
  }
  return out;
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

/** The lexer's keywords, read from tokens.ts: `keyword("dim")` tokens and the contextual map's entries. */
const lexerKeywords = [...tokensTs.matchAll(/\bkeyword\("([a-z]+)"\)/g)].map((m) => m[1]!);
const contextualKeywords = [...(/CONTEXTUAL_KEYWORDS[^=]*=\s*new Map\(\[([\s\S]*?)\]\);/.exec(tokensTs)?.[1] ?? "").matchAll(/\["([a-z]+)",/g)].map((m) => m[1]!);

function syntaxCodes(text: string): string[] {
  return parse(new SourceFile("k.nn", text)).diagnostics.map((d) => d.code);
}

describe("the VS Code grammar's vocabulary", () => {
  it("reads the lexer's keywords (tokens.ts), and the lexer really reserves them", () => {
    expect(sorted(lexerKeywords)).toEqual(["block", "dim", "input", "model", "param", "return", "train"]);
    expect(sorted(contextualKeywords)).toEqual(["buffer", "next"]);
    const asName = (w: string): string[] => syntaxCodes(`model M(x: f32) -> (y: f32) {\n  ${w} = x\n  y = x\n}\n`);
    for (const w of lexerKeywords) expect(asName(w), `${w} cannot be a name`).not.toEqual([]);
    for (const w of contextualKeywords) expect(asName(w), `${w} is a name where no name follows it`).toEqual([]);
  });

  it("scopes exactly the lexer's keywords as keyword.other.<word>.nn", () => {
    expect(grammar.scopeName).toBe("source.nn");
    expect(rule("keywords").name).toBe("keyword.other.$1.nn");
    const literal = allScopes(grammar.repository).flatMap((s) => /^keyword\.other\.([a-z]+)\.nn$/.exec(s)?.[1] ?? []);
    expect(sorted(new Set([...wordsOf(rule("keywords")), ...literal]))).toEqual(sorted([...lexerKeywords, ...contextualKeywords]));
    expect(wordsOf(rule("keywords"))).toEqual(sorted(lexerKeywords));
  });

  it("knows every built-in function of the checker's table, and only those", () => {
    expect(wordsOf(rule("builtin-functions"))).toEqual(sorted(BUILTINS.keys()));
    // scan and repeat are forms that take a block, not entries of the table
    expect(wordsOf(rule("block-form"))).toEqual(["repeat", "scan"]);
    expect(wordsOf(rule("block-form")).filter((w) => BUILTINS.has(w))).toEqual([]);
  });

  it("knows the standard library's blocks", () => {
    expect(wordsOf(rule("library-blocks"))).toEqual(sorted(libraryBlocks()));
    // the library cell named as scan's first argument
    expect(wordsOf(rule("block-form").patterns![0])).toEqual(sorted(libraryBlocks()));
  });

  it("knows the initializers, optimizers, schedules, clips, metrics and data sources", () => {
    expect(wordsOf(rule("initializers"))).toEqual(sorted(Object.keys(INITIALIZERS)));
    expect(wordsOf(rule("optimizers"))).toEqual(sorted(Object.keys(OPTIMIZERS)));
    expect(wordsOf(rule("schedules"))).toEqual(sorted(Object.keys(SCHEDULES)));
    expect(wordsOf(rule("clips"))).toEqual(sorted(Object.keys(CLIPS)));
    expect(wordsOf(rule("metrics").patterns![0])).toEqual(sorted(Object.keys(METRICS)));
    expect(wordsOf(rule("data-sources"))).toEqual(sorted(callableDataSources()));
  });

  it("knows the train section's keys (the checker's KEYS in lower/src/train.ts)", () => {
    const keys = [...(/const KEYS = \[([^\]]*)\]/.exec(trainTs)?.[1] ?? "").matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!);
    expect(keys).toContain("optimizer");
    expect(wordsOf(rule("train-body").patterns!.find((p) => p.captures?.["1"]?.name === "support.type.property-name.train.nn"))).toEqual(sorted(keys));
  });
});
