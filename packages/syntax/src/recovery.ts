/**
 * Statement-level error recovery for the chevrotain parser. Chevrotain's own recovery is off: a
 * syntax error throws out of the statement (or declaration header) it occurred in, `guard` records
 * it once and skips to the next resynchronisation point, and the statement is left out of the CST.
 * Follow-on errors of the same statement are therefore never seen.
 */
import { CstParser, EOF, isRecognitionException, MismatchedTokenException, tokenMatcher } from "chevrotain";
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from "chevrotain";
import type { SourceFile } from "@nnc/diagnostics";
import {
  allTokens, DECL_KEYWORDS, Dot, EqEq, Colon, Equals, Ident, Invalid, LCurly, LParen, OpenString, RCurly, RParen,
  STMT_KEYWORDS, TooDeep,
} from "./tokens.ts";
import { startsLine, canContinue } from "./layout.ts";
import { LazyLookahead } from "./lazy-lookahead.ts";

/** A construct whose closing token is still expected (a call's `(`, a body's `{`, …). */
export interface OpenConstruct {
  readonly open: IToken;
  /** "the call of `relu`", "the body of model `Mlp`". */
  readonly desc: string;
}

export type JunkContext = "top" | "statement" | "train";

/** One syntax error as the parser saw it; `messages.ts` turns it into a diagnostic. */
export interface Failure {
  readonly kind: "mismatch" | "noAlt" | "junk";
  /** The chevrotain rule that failed, or the list the junk was found in. */
  readonly rule: string;
  readonly expected: TokenType | undefined;
  readonly found: IToken;
  readonly previous: IToken;
  readonly after: IToken;
  readonly open: OpenConstruct | undefined;
  readonly decl: string;
}

/** Captures what chevrotain expected; its message text is never shown. */
class Capture implements IParserErrorMessageProvider {
  expected: TokenType | undefined;
  buildMismatchTokenMessage(options: { expected: TokenType }): string {
    this.expected = options.expected;
    return "mismatch";
  }
  buildNotAllInputParsedMessage(): string {
    return "not all input parsed";
  }
  buildNoViableAltMessage(): string {
    this.expected = undefined;
    return "no viable alternative";
  }
  buildEarlyExitMessage(): string {
    this.expected = undefined;
    return "early exit";
  }
}

const capture = new Capture();
const DECLS: ReadonlySet<TokenType> = new Set(DECL_KEYWORDS);
const STMTS: ReadonlySet<TokenType> = new Set(STMT_KEYWORDS);
const REPORTED: ReadonlySet<TokenType> = new Set([Invalid, TooDeep, OpenString]);
/** How far `startsTupleBindingLine` looks for the `)` that closes a line's `(`. */
const MAX_TUPLE_SCAN = 4096;
/** Tokens of lookahead chevrotain may use to choose an alternative. */
const MAX_LOOKAHEAD = 3;

export abstract class RecoveringParser extends CstParser {
  failures: Failure[] = [];
  protected source: SourceFile | undefined;
  protected decl = "";
  private readonly open: OpenConstruct[] = [];
  private lastFound: IToken | undefined;

  /**
   * `validate`: run chevrotain's grammar validations (ambiguities, left recursion) when the parser is
   * built. They find nothing in a grammar that passed them once, so the parser every run uses skips
   * them (they were ≈ a third of its construction); grammar-validations.test.ts builds one with them on.
   */
  constructor(validate: boolean) {
    super(allTokens, { recoveryEnabled: false, maxLookahead: MAX_LOOKAHEAD, lookaheadStrategy: new LazyLookahead(MAX_LOOKAHEAD), nodeLocationTracking: "onlyOffset", errorMessageProvider: capture, skipValidations: !validate });
  }

  begin(tokens: IToken[], source: SourceFile): void {
    this.input = tokens;
    this.source = source;
    this.failures = [];
    this.open.length = 0;
    this.decl = "";
    this.lastFound = undefined;
  }

  protected pushOpen(open: IToken, desc: () => string): void {
    if (!this.RECORDING_PHASE) this.open.push({ open, desc: desc() });
  }

  protected popOpen(): void {
    if (!this.RECORDING_PHASE) this.open.pop();
  }

  protected setDecl(desc: () => string): void {
    if (!this.RECORDING_PHASE) this.decl = desc();
  }

  /** Runs `body`; on a syntax error records it, skips to a token where `stop` holds, returns false. */
  protected guard(body: () => void, stop: () => boolean, mustProgress: boolean): boolean {
    if (this.RECORDING_PHASE) {
      body();
      return true;
    }
    const first = this.LA(1);
    const depth = this.open.length;
    try {
      body();
      return true;
    } catch (e) {
      if (!(e instanceof Error) || !isRecognitionException(e)) throw e;
      const mismatch = e instanceof MismatchedTokenException;
      const stack = (e as IRecognitionException).context.ruleStack;
      this.record(mismatch ? "mismatch" : "noAlt", stack[stack.length - 1] ?? "", mismatch ? capture.expected : undefined);
      this.open.length = depth;
      if (mustProgress && this.LA(1) === first) this.SKIP_TOKEN();
      this.skipUntil(stop);
      return false;
    }
  }

  /**
   * At a token that cannot start an entry of the current list: reports it (unless the lexer or the
   * nesting limit already did) and skips past it. False when the list has ended instead.
   */
  protected junk(where: JunkContext): boolean {
    if (this.RECORDING_PHASE) return false;
    const tok = this.LA(1);
    if (tok.tokenType === EOF) return false;
    if (where !== "top" && (tok.tokenType === RCurly || DECLS.has(tok.tokenType))) return false;
    this.record("junk", where, undefined);
    this.SKIP_TOKEN();
    this.skipUntil(where === "top" ? this.atDeclaration : this.atStatement);
    return true;
  }

  private record(kind: Failure["kind"], rule: string, expected: TokenType | undefined): void {
    const found = this.LA(1);
    const previous = this.LA(0);
    // Already reported: by the lexer, by the nesting limit, or as the failure this one follows from
    // (an unterminated string swallows the closing brackets after it).
    if (found === this.lastFound || REPORTED.has(found.tokenType) || REPORTED.has(previous.tokenType)) return;
    this.lastFound = found;
    const open = this.open[this.open.length - 1];
    this.failures.push({ kind, rule, expected, found, previous, after: this.LA(2), open, decl: this.decl });
  }

  private skipUntil(stop: () => boolean): void {
    while (this.LA(1).tokenType !== EOF && !stop.call(this)) this.SKIP_TOKEN();
  }

  protected readonly atDeclaration = (): boolean => DECLS.has(this.LA(1).tokenType);

  protected readonly atHeaderEnd = (): boolean => this.LA(1).tokenType === LCurly || this.atDeclaration();

  protected readonly atAnything = (): boolean => true;

  /**
   * Where a broken statement is assumed to end: a keyword, `}`, or a line that starts `NAME =`,
   * or `(…) =`.
   */
  protected readonly atStatement = (): boolean => {
    const t = this.LA(1).tokenType;
    // A keyword right after `.` is a misspelt path segment (`h.model`), not the start of what it names.
    const keyword = (DECLS.has(t) || STMTS.has(t)) && this.LA(0).tokenType !== Dot;
    return t === RCurly || keyword || this.startsBinding() || this.startsTupleBindingLine();
  };

  /**
   * `(` first on its line whose matching `)` is followed by `=`: a tuple binding `(a, b) = …`. A call
   * or a parenthesised expression is never followed by `=`, so this never cuts a valid expression.
   */
  protected startsTupleBindingLine(): boolean {
    if (this.source === undefined || this.LA(1).tokenType !== LParen || !startsLine(this.source, this.LA(1), this.LA(0))) return false;
    let level = 0;
    for (let k = 1; k <= MAX_TUPLE_SCAN; k++) {
      const t = this.LA(k).tokenType;
      if (t === EOF || t === LCurly || t === RCurly || DECLS.has(t) || STMTS.has(t)) return false;
      if (t === LParen) level++;
      else if (t === RParen && --level === 0) return this.LA(k + 1).tokenType === Equals;
    }
    return false;
  }

  /** `NAME =` first on its line: the start of a binding, never an operand. */
  protected startsBindingLine(): boolean {
    return this.source !== undefined && tokenMatcher(this.LA(1), Ident) && this.LA(2).tokenType === Equals && startsLine(this.source, this.LA(1), this.LA(0));
  }

  /**
   * `NAME =` first on its line, after a token that cannot continue an expression: a new binding, not
   * a named argument on a continuation line. `NAME ==` and `NAME :` count too: they are the usual
   * misspellings of a binding or a declaration, and their own error should be reported.
   */
  protected startsBinding(): boolean {
    const next = this.LA(2).tokenType;
    if (this.source === undefined || !tokenMatcher(this.LA(1), Ident) || (next !== Equals && next !== EqEq && next !== Colon)) return false;
    return startsLine(this.source, this.LA(1), this.LA(0)) && !canContinue(this.LA(0));
  }
}
