import { readFileSync } from "node:fs";
import { LLkLookaheadStrategy } from "chevrotain";
import { SourceFile } from "@nnc/diagnostics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { NnParser } from "./grammar.ts";
import { lex } from "./lex.ts";

const example = (name: string): string => readFileSync(new URL(`../../../examples/${name}.nn`, import.meta.url), "utf8");

/** Parses `text` with `parser`; the number of syntax failures. */
function parseWith(parser: NnParser, text: string): number {
  const source = new SourceFile("t.nn", text);
  parser.begin(lex(source).tokens, source);
  parser.program();
  const failures = parser.failures.length;
  parser.begin([], source);
  return failures;
}

describe("the parser's lookahead functions are built on first use", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("builds none with the parser, each used one once, and none a parse does not reach", () => {
    const forAlternation = vi.spyOn(LLkLookaheadStrategy.prototype, "buildLookaheadForAlternation");
    const forOptional = vi.spyOn(LLkLookaheadStrategy.prototype, "buildLookaheadForOptional");
    const built = (): number => forAlternation.mock.calls.length + forOptional.mock.calls.length;
    const parser = new NnParser();
    expect(built()).toBe(0);

    expect(parseWith(parser, example("matvec"))).toBe(0);
    const forMatvec = built();
    expect(forMatvec).toBeGreaterThan(0);
    expect(parseWith(parser, example("matvec"))).toBe(0);
    expect(built()).toBe(forMatvec);

    // Files with more of the grammar build more: a small one left v0.2's forms unbuilt.
    for (const name of ["char-transformer", "lstm-names", "bn-cnn", "blocks", "embed-slice"]) expect(parseWith(parser, example(name))).toBe(0);
    expect(built()).toBeGreaterThan(forMatvec);
  });
});
