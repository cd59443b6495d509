import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createToken, Lexer, type ILexingResult, type ITokenConfig, type TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { lexedTokens, nnLexer } from "./tokens.ts";

/**
 * tokens.ts gives every lexed token `start_chars_hint` and `line_breaks` so that chevrotain skips its
 * regular-expression analysis at start. The reference lexer below is built from the same patterns
 * without them (chevrotain analyses each one): both must build the same first-character table and line
 * handling, and so read every text the same.
 */

/** The same token without the hints; `longer_alt` points at the reference's own tokens. */
function withoutHints(tokens: readonly TokenType[]): TokenType[] {
  const made = new Map<TokenType, TokenType>();
  const remake = (t: TokenType): TokenType => {
    const found = made.get(t);
    if (found !== undefined) return found;
    const longerAlt = t.LONGER_ALT as TokenType | undefined;
    const config: ITokenConfig = { name: t.name, pattern: t.PATTERN };
    if (t.GROUP !== undefined) config.group = t.GROUP;
    // A custom (function) pattern cannot be analysed: chevrotain requires its hint.
    if (typeof t.PATTERN === "object" && !(t.PATTERN instanceof RegExp)) Object.assign(config, { start_chars_hint: t.START_CHARS_HINT, line_breaks: t.LINE_BREAKS });
    if (longerAlt !== undefined) config.longer_alt = remake(longerAlt);
    const copy = createToken(config);
    made.set(t, copy);
    return copy;
  };
  return tokens.map(remake);
}

const reference = new Lexer(withoutHints(lexedTokens), { positionTracking: "full", ensureOptimizations: true });

/** What chevrotain built from the definitions: per pattern whether it may span lines, per first character the candidate patterns. */
interface LexerTables {
  readonly patternIdxToConfig: Record<string, readonly { readonly tokenType: TokenType; readonly canLineTerminator: boolean }[]>;
  readonly charCodeToPatternIdxToConfig: Record<string, Record<string, readonly { readonly tokenType: TokenType }[]>>;
}

function tables(lexer: Lexer): { lineTerminators: string[]; firstChars: Record<string, string[]> } {
  const t = lexer as unknown as LexerTables;
  const configs = t.patternIdxToConfig["defaultMode"];
  const byChar = t.charCodeToPatternIdxToConfig["defaultMode"];
  if (configs === undefined || byChar === undefined) throw new Error("chevrotain's lexer tables are not where this test reads them (another chevrotain version?)");
  return {
    lineTerminators: configs.filter((c) => c.canLineTerminator).map((c) => c.tokenType.name),
    firstChars: Object.fromEntries(Object.entries(byChar).map(([code, candidates]) => [code, candidates.map((c) => c.tokenType.name)])),
  };
}

const tokensOf = (r: ILexingResult): string[] =>
  [...r.tokens, ...(r.groups["doc"] ?? [])].map((t) => `${t.tokenType.name} ${JSON.stringify(t.image)} ${t.startOffset}-${t.endOffset} ${t.startLine}:${t.startColumn}-${t.endLine}:${t.endColumn}`);
const errorsOf = (r: ILexingResult): string[] => r.errors.map((e) => `${e.offset}+${e.length} ${e.line}:${e.column}`);

describe("lexer hints", () => {
  it("are what chevrotain's own analysis finds", () => {
    const hinted = tables(nnLexer);
    const analysed = tables(reference);
    expect(analysed.lineTerminators).toEqual(["WhiteSpace"]);
    expect(hinted).toEqual(analysed);
    // 26 + 26 letters and `_` start a name; the table is not trivially empty.
    expect(Object.values(analysed.firstChars).filter((names) => names.includes("Ident"))).toHaveLength(53);
  });

  const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
  const texts: [string, string][] = [
    ...readdirSync(examples)
      .filter((f) => f.endsWith(".nn"))
      .map((f): [string, string] => [f, readFileSync(examples + f, "utf8")]),
    ["line ends, strings, stray characters", 'dim B\r\nx = "a\\"b" # c\r\n## d\n"open\n\t\f\v y.0.1 ~ $ é ∑ 1e-3 ... |> -> != <=\r'],
  ];
  it.each(texts)("read %s the same", (_, text) => {
    const a = nnLexer.tokenize(text);
    const b = reference.tokenize(text);
    expect(tokensOf(a).length).toBeGreaterThan(0);
    expect(tokensOf(a)).toEqual(tokensOf(b));
    expect(errorsOf(a)).toEqual(errorsOf(b));
  });
});
