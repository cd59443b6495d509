/**
 * The expression and type rules of the `.nn` grammar (shared by statements, defaults and train settings).
 *
 * Binary operators are parsed as one flat chain `operand (op operand)*` at every precedence; the
 * CST→AST step assigns precedence without recursion. Recursion happens only per bracket level, which
 * `nesting.ts` bounds before parsing. Postfix suffixes (`[…]`, `.segment`) are a loop, not recursion.
 */
import type { IToken } from "chevrotain";
import { RecoveringParser } from "./recovery.ts";
import {
  BinaryOperator, Colon, Comma, Dot, Ellipsis, Equals, Ident, LBracket, LParen, Minus, NumberLit, Plus, RBracket, RParen,
  Slash, Star, StringLit, TooDeep,
} from "./tokens.ts";

/** Subclassed by the full grammar, which calls `performSelfAnalysis` once all rules exist. */
export abstract class ExprParser extends RecoveringParser {
  readonly tensorType = this.RULE("tensorType", () => {
    const dtype = this.CONSUME(Ident, { LABEL: "dtype" });
    this.OPTION(() => {
      const open = this.CONSUME(LBracket);
      this.pushOpen(open, () => `the shape of \`${dtype.image}\``);
      // `...` is accepted at any position here so that a misplaced one gets its own message (E0128, to-ast).
      this.OPTION2(() => {
        this.OR([{ ALT: () => this.CONSUME(Ellipsis, { LABEL: "ellipsis" }) }, { ALT: () => this.SUBRULE(this.dimExpr) }]);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.OR2([{ ALT: () => this.CONSUME2(Ellipsis, { LABEL: "ellipsis" }) }, { ALT: () => this.SUBRULE2(this.dimExpr) }]);
        });
      });
      this.CONSUME(RBracket);
      this.popOpen();
    });
  });

  readonly dimExpr = this.RULE("dimExpr", () => {
    this.SUBRULE(this.dimAtom, { LABEL: "operand" });
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(Plus, { LABEL: "op" }) },
        { ALT: () => this.CONSUME(Minus, { LABEL: "op" }) },
        { ALT: () => this.CONSUME(Star, { LABEL: "op" }) },
        { ALT: () => this.CONSUME(Slash, { LABEL: "op" }) },
      ]);
      this.SUBRULE2(this.dimAtom, { LABEL: "operand" });
    });
  });

  readonly dimAtom = this.RULE("dimAtom", () => {
    this.OR([
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(Ident) },
      {
        ALT: () => {
          const open = this.CONSUME(LParen);
          this.pushOpen(open, () => "the parenthesized dimension");
          this.SUBRULE(this.dimExpr, { LABEL: "inner" });
          this.CONSUME(RParen);
          this.popOpen();
        },
      },
      { ALT: () => this.CONSUME(TooDeep) },
    ]);
  });

  readonly expression = this.RULE("expression", () => {
    this.SUBRULE(this.operand);
    this.MANY(() => {
      this.CONSUME(BinaryOperator, { LABEL: "op" });
      this.SUBRULE2(this.operand);
    });
  });

  readonly operand = this.RULE("operand", () => {
    this.MANY(() => this.CONSUME(Minus, { LABEL: "minus" }));
    this.SUBRULE(this.atom);
  });

  readonly atom = this.RULE("atom", () => {
    this.OR([
      { GATE: () => !this.startsBindingLine(), ALT: () => { this.nameOrCall(); } },
      { ALT: () => this.CONSUME(NumberLit) },
      { ALT: () => this.CONSUME(StringLit) },
      {
        ALT: () => {
          const open = this.CONSUME2(LParen, { LABEL: "lparen" });
          this.pushOpen(open, () => "the parenthesized expression");
          this.SUBRULE(this.expression, { LABEL: "inner" });
          this.MANY3(() => {
            this.CONSUME3(Comma);
            this.SUBRULE4(this.expression, { LABEL: "inner" });
          });
          this.CONSUME2(RParen, { LABEL: "rparen" });
          this.popOpen();
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(LBracket);
          this.pushOpen(open, () => "the list");
          this.OPTION3(() => {
            this.SUBRULE2(this.expression, { LABEL: "element" });
            this.MANY2(() => {
              this.CONSUME2(Comma);
              this.SUBRULE3(this.expression, { LABEL: "element" });
            });
          });
          this.CONSUME(RBracket);
          this.popOpen();
        },
      },
      { ALT: () => this.CONSUME(TooDeep) },
    ]);
    // Postfix, tighter than any operator; a `.` after something that is not a name is reported by to-ast.
    this.MANY4(() => {
      this.OR2([
        { ALT: () => this.SUBRULE(this.indexSuffix, { LABEL: "postfix" }) },
        { ALT: () => this.SUBRULE(this.pathStep, { LABEL: "postfix" }) },
      ]);
    });
  });

  /** `[items]` after an operand; `x[]` parses (to-ast reports it). */
  readonly indexSuffix = this.RULE("indexSuffix", () => {
    const open = this.CONSUME(LBracket);
    this.pushOpen(open, () => "the index");
    this.OPTION(() => {
      this.SUBRULE(this.indexItem);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.indexItem);
      });
    });
    this.CONSUME(RBracket);
    this.popOpen();
  });

  /** `...`, `i`, `a:b`, `:b`, `a:`, `:`; a step (`a:b:c`) parses so that to-ast can report it. */
  readonly indexItem = this.RULE("indexItem", () => {
    this.OR([
      { ALT: () => this.CONSUME(Ellipsis) },
      { ALT: () => this.SUBRULE(this.sliceTail) },
      {
        ALT: () => {
          this.SUBRULE(this.expression, { LABEL: "start" });
          this.OPTION(() => this.SUBRULE2(this.sliceTail));
        },
      },
    ]);
  });

  readonly sliceTail = this.RULE("sliceTail", () => {
    this.CONSUME(Colon);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: "end" }));
    this.OPTION2(() => {
      this.CONSUME2(Colon, { LABEL: "stepColon" });
      this.OPTION3(() => this.SUBRULE2(this.expression, { LABEL: "step" }));
    });
  });

  /** `.W`, `.0`: one segment of a parameter path. */
  readonly pathStep = this.RULE("pathStep", () => {
    this.CONSUME(Dot);
    this.OR([{ ALT: () => this.CONSUME(Ident, { LABEL: "segment" }) }, { ALT: () => this.CONSUME(NumberLit, { LABEL: "segment" }) }]);
  });

  readonly arg = this.RULE("arg", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Ident, { LABEL: "argName" });
          this.CONSUME(Equals);
          this.SUBRULE(this.expression, { LABEL: "value" });
        },
      },
      { ALT: () => this.SUBRULE2(this.expression, { LABEL: "value" }) },
    ]);
  });

  private nameOrCall(): void {
    const name = this.CONSUME(Ident, { LABEL: "name" });
    // A line starting `(…) =` is a tuple binding, not the arguments of a call on the line before.
    this.OPTION({
      GATE: () => !this.startsTupleBindingLine(),
      DEF: () => {
        const open: IToken = this.CONSUME(LParen, { LABEL: "callOpen" });
        this.pushOpen(open, () => `the call of \`${name.image}\``);
        this.OPTION2(() => {
          this.SUBRULE(this.arg);
          this.MANY(() => {
            this.CONSUME(Comma);
            this.SUBRULE2(this.arg);
          });
        });
        this.CONSUME(RParen, { LABEL: "callClose" });
        this.popOpen();
      },
    });
  }
}
