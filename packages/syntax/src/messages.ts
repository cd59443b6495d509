/** Turns a parser `Failure` into a diagnostic worded for people: what was expected, where, and a hint. */
import { EOF, tokenMatcher } from "chevrotain";
import type { IToken, TokenType } from "chevrotain";
import { diagnostic } from "@nnc/diagnostics";
import type { Diagnostic, DiagnosticCode, Label, SourceFile, Span } from "@nnc/diagnostics";
import type { Failure } from "./recovery.ts";
import { describeToken } from "./describe.ts";
import { startsLine } from "./layout.ts";
import { tokenSpan } from "./cst.ts";
import {
  Arrow, BinaryOperator, BufferWord, Colon, Comma, EqEq, Equals, Ident, Input, Keyword, LBracket, LCurly, LParen, NextWord, NumberLit,
  Param, RBracket, RCurly, Return, RParen, StringLit,
} from "./tokens.ts";

interface Parts {
  /** Where to point when not at the token found (a statement cut off by the end of its line: its last token). */
  readonly at?: IToken;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly label: string;
  readonly help?: string | undefined;
  readonly labels?: readonly Label[];
}

export function failureDiagnostic(f: Failure, source: SourceFile): Diagnostic {
  const parts = describeFailure(f, source);
  const help = parts.help ?? trailingCommaHelp(f);
  return diagnostic(parts.code, parts.message, spanOf(parts.at ?? f.found, source), {
    label: parts.label,
    labels: parts.labels ?? [],
    ...(help === undefined ? {} : { help }),
  });
}

function spanOf(t: IToken, source: SourceFile): Span {
  if (t.tokenType === EOF || Number.isNaN(t.startOffset)) return source.span(source.text.length, source.text.length);
  return tokenSpan(source, t);
}

function describeFailure(f: Failure, source: SourceFile): Parts {
  if (f.kind === "junk") return junk(f, source);
  if (f.kind === "noAlt") return noAlternative(f, source);
  return mismatch(f, source);
}

const found = (f: Failure): string => describeToken(f.found);
const is = (t: IToken, type: TokenType): boolean => tokenMatcher(t, type);
const sameLine = (f: Failure, source: SourceFile): boolean => f.previous.tokenType !== EOF && f.found.tokenType !== EOF && !startsLine(source, f.found, f.previous);
/** The token found is on a later line than the one before it (or the file ended): the statement was cut off. */
const endsLine = (f: Failure, source: SourceFile): boolean => f.previous.tokenType !== EOF && !sameLine(f, source);
const canStartOperand = (t: IToken): boolean => [Ident, NumberLit, StringLit, LParen, LBracket].some((type) => is(t, type));

function trailingCommaHelp(f: Failure): string | undefined {
  return is(f.previous, Comma) && [RParen, RBracket, RCurly].some((t) => is(f.found, t)) ? "remove the trailing `,`" : undefined;
}

function junk(f: Failure, source: SourceFile): Parts {
  const startsBinding = is(f.found, Ident) && is(f.after, Equals);
  if (f.rule === "top") {
    let help: string | undefined;
    if (startsBinding || [Param, Return, BufferWord, NextWord].some((t) => is(f.found, t))) help = "statements belong inside the body of a `model` or `block`";
    else if (is(f.found, Input)) help = "`input NAME: T` belongs inside a `train` section";
    else if (is(f.found, RCurly)) help = "this `}` has no matching `{`; remove it";
    return { code: "E0010", message: `expected a declaration (\`dim\`, \`model\`, \`block\` or \`train\`), found ${found(f)}`, label: "not a declaration", help };
  }
  const continues = sameLine(f, source) && !startsBinding;
  const glueHelp = continues ? `the statement before ends at ${describeToken(f.previous)}; is an operator or a \`,\` missing?` : undefined;
  if (f.rule === "train") {
    let help = glueHelp;
    if (is(f.found, Param)) help = "parameters are declared in the model's body";
    else if (is(f.found, Ident) && is(f.after, Colon)) help = `a data field is declared \`input ${f.found.image}: T\``;
    else if (help === undefined && is(f.found, Ident)) help = "settings are written `key = value`";
    return { code: "E0011", message: `expected \`input NAME: T\` or \`key = value\` in ${f.decl}, found ${found(f)}`, label: "not a train entry", help };
  }
  let help = glueHelp;
  if (is(f.found, Input)) help = "`input NAME: T` belongs inside a `train` section";
  else if (is(f.found, Ident) && is(f.after, Colon)) help = `a trainable parameter is declared \`param ${f.found.image}: T\``;
  else if (help === undefined && is(f.found, Ident)) help = "bind the value to a name: `h = …`";
  return { code: "E0011", message: `expected a statement, found ${found(f)}`, label: "a statement starts with `param`, `buffer`, `next`, `return`, `NAME =` or `(a, b) =`", help };
}

function noAlternative(f: Failure, source: SourceFile): Parts {
  if (f.rule === "pathStep") {
    return {
      code: "E0034", message: `expected a name or a whole number after \`.\`, found ${found(f)}`, label: "expected a path segment",
      help: is(f.found, Keyword) ? `\`${f.found.image}\` is a keyword and cannot name a parameter` : "a parameter path is written `h1.W` or `y.0.attn.Wq`",
    };
  }
  // In `tensorType` the choice is between `...` and a dimension (`f32[3, ]`): report it as the missing dimension.
  if (f.rule === "dimAtom" || f.rule === "tensorType") {
    return { code: "E0025", message: `expected a dimension, found ${found(f)}`, label: "expected a whole number, a `dim` name or an expression of them" };
  }
  if (f.rule === "blockParam") {
    return { code: "E0014", message: `expected a type, found ${found(f)}`, label: "expected `f32[…]`, `dim`, `float`, `int` or `bool`" };
  }
  if (f.rule === "atom" || f.rule === "arg" || f.rule === "expression" || f.rule === "operand" || f.rule === "indexItem") {
    const what = f.rule === "arg" ? "an argument" : f.rule === "indexItem" ? "an index, a slice or `...`" : "an expression";
    const after = is(f.previous, BinaryOperator) || is(f.previous, Equals) || is(f.previous, Comma) ? ` after ${describeToken(f.previous)}` : "";
    if (is(f.found, Ident) && is(f.after, Equals) && startsLine(source, f.found, f.previous)) {
      return {
        code: "E0012", message: `expected ${what}${after}, found the start of a new statement`, label: "a new binding starts here",
        help: `the line ending in ${describeToken(f.previous)} is missing its value`,
      };
    }
    let help: string | undefined;
    if (is(f.found, Equals)) help = "`=` only binds a name at the start of a statement; to compare, write `==`";
    else if (is(f.previous, BinaryOperator)) help = `\`${f.previous.image}\` needs an operand on its right`;
    return { code: "E0012", message: `expected ${what}${after}, found ${found(f)}`, label: `expected ${what}`, help };
  }
  return { code: "E0019", message: `unexpected ${found(f)}`, label: "unexpected here" };
}

function mismatch(f: Failure, source: SourceFile): Parts {
  const expected = f.expected;
  if (expected === RParen || expected === RBracket || expected === RCurly) return unclosed(f, expected, source);
  if (expected === Arrow) {
    return f.rule === "blockDecl"
      ? { code: "E0017", message: `expected \`->\` and the return type of ${f.decl}, found ${found(f)}`, label: "expected `->`", help: "a block declares the type it returns: `block f(x: f32[N]) -> f32[N] { … }`" }
      : { code: "E0017", message: `expected \`->\` before the outputs of ${f.decl}, found ${found(f)}`, label: "expected `->`", help: "a model lists its outputs after `->`: `model M(x: f32[N]) -> (y: f32[N]) { … }`" };
  }
  if (expected === Colon && f.rule === "bufferStmt") {
    const cut = endsLine(f, source);
    return {
      code: "E0033", message: `expected \`:\` and the type of buffer \`${f.previous.image}\`, found ${cut ? "the end of the line" : found(f)}`,
      label: cut ? "expected `:` and a type after this name" : "expected `:`", ...(cut ? { at: f.previous } : {}),
      help: `a buffer is declared with its type: \`buffer ${f.previous.image}: f32[…] = zeros()\``,
    };
  }
  if (expected === Colon && f.rule === "sig" && is(f.found, LBracket)) {
    return {
      at: f.previous, code: "E0036", message: `expected a name before the type \`${f.previous.image}[…]\` in ${f.open?.desc ?? f.decl}`, label: "this type has no name",
      help: `name it: \`y: ${f.previous.image}[…]\``,
    };
  }
  if (expected === Colon) {
    const name = f.previous.image;
    const help = is(f.found, Equals) ? `give it a type before the value: \`${name}: f32[…] = …\`` : `annotate it with a type: \`${name}: f32[…]\``;
    return { code: "E0018", message: `expected \`:\` and a type after \`${name}\`, found ${found(f)}`, label: "expected `:`", help };
  }
  if (expected === Equals) return missingEquals(f, source);
  if (expected === Ident) return missingName(f);
  if (expected === LCurly) {
    const what = f.rule === "trainBody" || f.decl.startsWith("the train") ? f.decl : `the body of ${f.decl}`;
    return { code: "E0019", message: `expected \`{\` to start ${what}, found ${found(f)}`, label: "expected `{`" };
  }
  if (expected === LParen) {
    // After a model's `->` the parenthesis opens its outputs, not its inputs.
    if (f.rule !== "blockDecl" && is(f.previous, Arrow)) {
      return {
        code: "E0019", message: `expected \`(\` and the outputs of ${f.decl} after \`->\`, found ${found(f)}`, label: "expected `(`",
        help: "a model lists its outputs in parentheses after `->`: `model M(x: f32[N]) -> (y: f32[N]) { … }`",
      };
    }
    const what = f.rule === "blockDecl" ? "parameters" : "inputs";
    return { code: "E0019", message: `expected \`(\` and the ${what} of ${f.decl}, found ${found(f)}`, label: "expected `(`" };
  }
  return { code: "E0019", message: `expected ${tokenName(expected)}, found ${found(f)}`, label: `expected ${tokenName(expected)}` };
}

function unclosed(f: Failure, closer: TokenType, source: SourceFile): Parts {
  const c = tokenName(closer);
  const open = f.open;
  const message = open === undefined ? `expected ${c}, found ${found(f)}` : `expected ${c} to close ${open.desc}, found ${found(f)}`;
  const labels: Label[] = open === undefined ? [] : [{ span: tokenSpan(source, open.open), message: `\`${open.open.image}\` opened here` }];
  let help: string | undefined;
  if (sameLine(f, source) && canStartOperand(f.found)) {
    help = open !== undefined && open.desc.startsWith("the parenthesized")
      ? `is an operator missing before ${found(f)}?`
      : `is a \`,\` missing before ${found(f)}?`;
  } else if (!is(f.previous, Comma) && f.previous.tokenType !== EOF) {
    help = `add ${c} after ${describeToken(f.previous)} on line ${source.lineOf(f.previous.startOffset)}`;
  }
  return { code: "E0015", message, label: `expected ${c}`, labels, help };
}

function missingEquals(f: Failure, source: SourceFile): Parts {
  const name = f.previous.image;
  if (f.rule === "nextStmt") {
    const cut = endsLine(f, source);
    return {
      code: "E0032", message: `expected \`=\` and the next value of buffer \`${name}\`, found ${cut ? "the end of the line" : found(f)}`,
      label: cut ? "expected `=` after this name" : "expected `=`", ...(cut ? { at: f.previous } : {}),
      help: is(f.found, EqEq) ? "an update is written with a single `=`" : `write \`next ${name} = …\``,
    };
  }
  if (f.rule === "statement" && is(f.found, LParen)) {
    return {
      code: "E0011", message: `a call of \`${name}\` cannot stand alone as a statement`, label: "expected `=` after the name",
      help: `bind its value to a name: \`h = ${name}(…)\``,
    };
  }
  let help: string | undefined;
  if (is(f.found, EqEq)) help = "a name is bound with a single `=`; `==` compares two values";
  else if (is(f.found, Colon)) {
    help = f.rule === "trainEntry" ? `a data field is declared \`input ${name}: T\`` : `a trainable parameter is declared \`param ${name}: T\``;
  } else if (f.rule === "trainEntry") help = "settings are written `key = value`";
  return { code: "E0016", message: `expected \`=\` after \`${name}\`, found ${found(f)}`, label: "expected `=`", help };
}

const NAME_OF: Readonly<Record<string, string>> = {
  dimDecl: "a dimension name",
  modelDecl: "a name for the model",
  blockDecl: "a name for the block",
  trainDecl: "the name of the model to train",
  sig: "an input or output name",
  blockParam: "a parameter name",
  statement: "a name for the parameter",
  bufferStmt: "a name for the buffer",
  nextStmt: "the name of the buffer to update",
  trainEntry: "a name for the input",
};

function missingName(f: Failure): Parts {
  const keywordHelp = is(f.found, Keyword) ? `\`${f.found.image}\` is a keyword and cannot be used as a name` : undefined;
  if (f.rule === "tensorType") {
    return { code: "E0014", message: `expected a type such as \`f32[N, 4]\`, found ${found(f)}`, label: "expected a type", help: keywordHelp };
  }
  const what = NAME_OF[f.rule] ?? "a name";
  return { code: "E0013", message: `expected ${what}, found ${found(f)}`, label: "expected a name", help: keywordHelp };
}

function tokenName(t: TokenType | undefined): string {
  if (t === undefined || t === EOF) return "end of file";
  if (t === Ident) return "a name";
  if (t === NumberLit) return "a number";
  if (t === StringLit) return "a string";
  const pattern = t.PATTERN;
  return pattern instanceof RegExp ? "`" + pattern.source.replace(/\\(.)/g, "$1") + "`" : `\`${t.name}\``;
}
