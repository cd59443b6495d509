/**
 * The `.nn` token vocabulary and the chevrotain lexer. Token categories (`BinaryOperator`, `StringLit`,
 * `Keyword`) let the grammar match a family of tokens with one CONSUME.
 */
import { createToken, Lexer } from "chevrotain";
import type { TokenType } from "chevrotain";

export const BinaryOperator = createToken({ name: "BinaryOperator", pattern: Lexer.NA });
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });
export const StringLit = createToken({ name: "StringLit", pattern: Lexer.NA });

/** Stands for a run of characters the lexer could not read; the lexer has already reported it. */
export const Invalid = createToken({ name: "Invalid", pattern: Lexer.NA });
/** Stands for a bracketed region nested beyond the limit; already reported, never recursed into. */
export const TooDeep = createToken({ name: "TooDeep", pattern: Lexer.NA });

/*
 * Each lexed token states `start_chars_hint` (every character a match can start with) and `line_breaks`
 * (whether chevrotain counts line terminators inside a match). Without them chevrotain works both out
 * at every start by parsing each pattern with its regular-expression analyser; lexer-hints.test.ts
 * checks that these are exactly what that analysis finds, so the lexer behaves the same.
 */
const IDENT_START = "ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".split("");

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v]+/, group: Lexer.SKIPPED, start_chars_hint: [" ", "\t", "\r", "\n", "\f", "\v"], line_breaks: true });
export const DocComment = createToken({ name: "DocComment", pattern: /##[^\n]*/, group: "doc", start_chars_hint: ["#"], line_breaks: false });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED, start_chars_hint: ["#"], line_breaks: false });

export const ClosedString = createToken({ name: "ClosedString", pattern: /"(?:[^"\\\n]|\\.)*"/, categories: [StringLit], start_chars_hint: ['"'], line_breaks: false });
/** A string cut off by the end of its line or of the file (it may end in a lone backslash). */
export const OpenString = createToken({ name: "OpenString", pattern: /"(?:[^"\\\n]|\\.)*\\?/, categories: [StringLit], start_chars_hint: ['"'], line_breaks: false });

const FULL_NUMBER = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DIGITS = /\d+/y;

/**
 * `3`, `0.5`, `1e-3`; right after a `.` that follows a name or a digit only digits, so that the path
 * `y.0.1.W` lexes its segments `0` and `1` one by one (never the number `0.1`).
 */
function matchNumber(text: string, offset: number): RegExpExecArray | null {
  const segment = offset >= 2 && text[offset - 1] === "." && /[A-Za-z0-9_]/.test(text[offset - 2]!);
  const re = segment ? DIGITS : FULL_NUMBER;
  re.lastIndex = offset;
  return re.exec(text);
}

export const NumberLit = createToken({
  name: "NumberLit",
  pattern: { exec: matchNumber },
  line_breaks: false,
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
});
export const Ident = createToken({ name: "Ident", pattern: /[A-Za-z_][A-Za-z0-9_]*/, start_chars_hint: IDENT_START, line_breaks: false });

/**
 * Contextual keywords: the lexer reads `buffer` and `next` as identifiers (`next = x` binds the name
 * `next`); `lex.ts` retypes one to these tokens where it is followed, on its line, by a name — the start
 * of `buffer NAME: T` or `next NAME = e`, a sequence no other form can contain.
 */
export const BufferWord = createToken({ name: "Buffer", pattern: Lexer.NA, categories: [Keyword] });
export const NextWord = createToken({ name: "Next", pattern: Lexer.NA, categories: [Keyword] });
export const CONTEXTUAL_KEYWORDS: ReadonlyMap<string, TokenType> = new Map([
  ["buffer", BufferWord],
  ["next", NextWord],
]);

function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Ident, categories: [Keyword], start_chars_hint: [word[0]!], line_breaks: false });
}
export const Dim = keyword("dim");
export const Model = keyword("model");
export const Block = keyword("block");
export const Param = keyword("param");
export const Input = keyword("input");
export const Train = keyword("train");
export const Return = keyword("return");

function punct(name: string, image: string, binary = false): TokenType {
  const escaped = image.replace(/[|()[\]{}+*/^.\\-]/g, "\\$&");
  return createToken({ name, pattern: new RegExp(escaped), categories: binary ? [BinaryOperator] : [], start_chars_hint: [image[0]!], line_breaks: false });
}
export const Pipe = punct("Pipe", "|>", true);
export const Arrow = punct("Arrow", "->");
export const LessEq = punct("LessEq", "<=", true);
export const GreaterEq = punct("GreaterEq", ">=", true);
export const EqEq = punct("EqEq", "==", true);
export const NotEq = punct("NotEq", "!=", true);
export const Less = punct("Less", "<", true);
export const Greater = punct("Greater", ">", true);
export const Equals = punct("Equals", "=");
export const Plus = punct("Plus", "+", true);
export const Minus = punct("Minus", "-", true);
export const Star = punct("Star", "*", true);
export const Slash = punct("Slash", "/", true);
export const At = punct("At", "@", true);
export const Caret = punct("Caret", "^", true);
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Ellipsis = punct("Ellipsis", "...");
export const Dot = punct("Dot", ".");

/** Lexing order: longer punctuation before its prefixes, keywords before identifiers. */
export const lexedTokens: readonly TokenType[] = [
  WhiteSpace, DocComment, Comment, ClosedString, OpenString, NumberLit,
  Dim, Model, Block, Param, Input, Train, Return, Ident,
  Pipe, Arrow, LessEq, GreaterEq, EqEq, NotEq, Less, Greater, Equals,
  Plus, Minus, Star, Slash, At, Caret, LParen, RParen, LBracket, RBracket, LCurly, RCurly, Comma, Colon, Ellipsis, Dot,
];

/** Every token type the parser may see, categories included. */
export const allTokens: TokenType[] = [BinaryOperator, Keyword, StringLit, Invalid, TooDeep, BufferWord, NextWord, ...lexedTokens];

// Validations skipped at every start: grammar-validations.test.ts builds this lexer with them on.
export const nnLexer = new Lexer([...lexedTokens], { positionTracking: "full", ensureOptimizations: true, skipValidations: true });

export const DECL_KEYWORDS: readonly TokenType[] = [Dim, Model, Block, Train];
export const STMT_KEYWORDS: readonly TokenType[] = [Param, Return, Input, BufferWord, NextWord];
