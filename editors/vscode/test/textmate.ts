/**
 * The extension's TextMate grammar run by the engine VS Code itself uses (vscode-textmate on the
 * oniguruma WebAssembly build), outside VS Code, for the grammar's tests.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import textmate from "vscode-textmate";
import type { IGrammar, StateStack } from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "..");
export const GRAMMAR_PATH = path.join(EXTENSION_DIR, "syntaxes", "nn.tmLanguage.json");

let onigReady: Promise<void> | undefined;

/** oniguruma's WebAssembly module may be loaded once per process. */
function loadOniguruma(): Promise<void> {
  onigReady ??= oniguruma.loadWASM(readFileSync(createRequire(import.meta.url).resolve("vscode-oniguruma/release/onig.wasm")));
  return onigReady;
}

export async function loadNnGrammar(): Promise<IGrammar> {
  await loadOniguruma();
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(scopeName === "source.nn" ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, "utf8"), GRAMMAR_PATH) : null),
  });
  const grammar = await registry.loadGrammar("source.nn");
  if (grammar === null) throw new Error("source.nn did not load");
  return grammar;
}

/** One token: 1-based line, 1-based start column, end column exclusive (as LSP ranges count). */
export interface Token {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The token's scopes minus `source.nn` and the `meta.*` regions: what a theme colours. */
  readonly scopes: readonly string[];
}

/** Tokens of `source`, line by line, with the grammar's state carried across lines as VS Code does. */
export function tokenize(grammar: IGrammar, source: string): Token[] {
  const out: Token[] = [];
  let state: StateStack = textmate.INITIAL;
  for (const [i, line] of source.split(/\r?\n/).entries()) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const text = line.slice(t.startIndex, t.endIndex);
      const scopes = t.scopes.filter((s) => s !== "source.nn" && !s.startsWith("meta."));
      if (scopes.length === 0 && text.trim() === "") continue;
      out.push({ line: i + 1, start: t.startIndex + 1, end: t.endIndex + 1, text, scopes });
    }
    state = result.ruleStack;
  }
  return out;
}

/** `3:1-6 keyword.other.model.nn  "model"`: one token a line, the golden files' format. */
export function formatTokens(tokens: readonly Token[]): string {
  return tokens.map((t) => `${t.line}:${t.start}-${t.end} ${t.scopes.join(" ") || "(none)"}  ${JSON.stringify(t.text)}\n`).join("");
}
