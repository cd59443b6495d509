import { createToken, Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { NnParser } from "./grammar.ts";
import { lexedTokens } from "./tokens.ts";

/**
 * The production lexer and parser skip chevrotain's definition validations (start-up time); these
 * run them, so a grammar or token change that breaks them fails here.
 */
describe("chevrotain's validations of the .nn grammar", () => {
  it("the token definitions have no lexer definition errors", () => {
    const lexer = new Lexer(lexedTokens, { positionTracking: "full", ensureOptimizations: true, deferDefinitionErrorsHandling: true });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  it("the grammar has no definition errors (ambiguity, left recursion, duplicate rules)", () => {
    expect(() => new NnParser({ validate: true })).not.toThrow();
  });

  it("the lexer validations are live: a keyword after the identifier token is unreachable", () => {
    const late = createToken({ name: "Late", pattern: "late" });
    const lexer = new Lexer([...lexedTokens, late], { deferDefinitionErrorsHandling: true });
    expect(lexer.lexerDefinitionErrors.map((e) => e.message).join("\n")).toMatch(/Late.*can never be matched/s);
  });
});
