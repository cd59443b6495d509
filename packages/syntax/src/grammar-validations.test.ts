import { describe, expect, it } from "vitest";
import { Lexer } from "chevrotain";
import { NnParser } from "./grammar.ts";
import { lexedTokens } from "./tokens.ts";

// Every run builds the parser and lexer without chevrotain's validations (recovery.ts, tokens.ts):
// this is where they run, so a grammar change that makes the grammar ambiguous or left-recursive, or a
// token the lexer cannot optimise, fails here.
describe("the grammar under chevrotain's validations", () => {
  it("builds the parser with its validations on: no definition error", () => {
    // chevrotain throws "Parser Definition Errors detected" from performSelfAnalysis when one is found.
    expect(() => new NnParser(true)).not.toThrow();
  });

  it("builds the lexer with its validations on and every optimisation applied", () => {
    const lexer = new Lexer([...lexedTokens], { positionTracking: "full", ensureOptimizations: true, skipValidations: false });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });
});
