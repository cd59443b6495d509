/**
 * The `.nn` grammar (LANGUAGE.md core v0.1, LANGUAGE-V2.md forms) as a chevrotain CstParser.
 *
 * Binary operators are parsed as one flat chain `operand (op operand)*` at every precedence; the
 * CST→AST step assigns precedence without recursion. Recursion happens only per bracket level, which
 * `nesting.ts` bounds before parsing.
 */
import type { IToken } from "chevrotain";
import { RecoveringParser } from "./recovery.ts";
import type { JunkContext } from "./recovery.ts";
import {
  Arrow, BinaryOperator, Block, BufferWord, Colon, Comma, Dim, Dot, Ellipsis, Equals, Ident, Input, LBracket, LCurly, LParen,
  Minus, Model, NextWord, NumberLit, Param, Plus, RBracket, RCurly, Return, RParen, Slash, Star, StringLit, TooDeep, Train,
} from "./tokens.ts";

export class NnParser extends RecoveringParser {
  readonly program = this.RULE("program", () => {
    let more = true;
    while (more) {
      this.MANY(() => {
        this.guard(() => this.SUBRULE(this.item), this.atDeclaration, true);
      });
      more = this.junk("top");
    }
  });

  readonly item = this.RULE("item", () => {
    this.setDecl(() => "");
    this.OR([
      { ALT: () => this.SUBRULE(this.dimDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.trainDecl) },
    ]);
  });

  readonly dimDecl = this.RULE("dimDecl", () => {
    this.CONSUME(Dim);
    this.CONSUME(Ident, { LABEL: "name" });
    this.MANY(() => {
      this.CONSUME(Comma);
      this.CONSUME2(Ident, { LABEL: "name" });
    });
  });

  readonly modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(Model);
    const ok = this.guard(() => {
      const name = this.CONSUME(Ident, { LABEL: "name" });
      this.setDecl(() => `model \`${name.image}\``);
      this.SUBRULE(this.sigList, { LABEL: "inputs", ARGS: ["inputs"] });
      this.CONSUME(Arrow);
      this.SUBRULE2(this.sigList, { LABEL: "outputs", ARGS: ["outputs"] });
    }, this.atHeaderEnd, false);
    if (ok || this.LA(1).tokenType === LCurly) this.SUBRULE(this.body);
  });

  readonly sigList = this.RULE("sigList", (which?: string) => {
    const open = this.CONSUME(LParen);
    this.pushOpen(open, () => `the ${which ?? "signature"} of ${this.decl}`);
    this.OPTION(() => {
      this.SUBRULE(this.sig);
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.sig);
      });
    });
    this.CONSUME(RParen);
    this.popOpen();
  });

  readonly sig = this.RULE("sig", () => {
    this.CONSUME(Ident, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.tensorType);
  });

  readonly blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(Block);
    const ok = this.guard(() => {
      const name = this.CONSUME(Ident, { LABEL: "name" });
      this.setDecl(() => `block \`${name.image}\``);
      const open = this.CONSUME(LParen);
      this.pushOpen(open, () => `the parameters of ${this.decl}`);
      this.OPTION(() => {
        this.SUBRULE(this.blockParam);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.blockParam);
        });
      });
      this.CONSUME(RParen);
      this.popOpen();
      this.CONSUME(Arrow);
      this.OR([
        { ALT: () => this.SUBRULE(this.sigList, { LABEL: "results", ARGS: ["results"] }) },
        { ALT: () => this.SUBRULE(this.tensorType, { LABEL: "returnType" }) },
      ]);
    }, this.atHeaderEnd, false);
    if (ok || this.LA(1).tokenType === LCurly) this.SUBRULE(this.body);
  });

  readonly blockParam = this.RULE("blockParam", () => {
    this.CONSUME(Ident, { LABEL: "name" });
    this.CONSUME(Colon);
    this.OR([{ ALT: () => this.CONSUME(Dim, { LABEL: "dimKind" }) }, { ALT: () => this.SUBRULE(this.tensorType) }]);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expression, { LABEL: "default" });
    });
  });

  readonly trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(Train);
    const ok = this.guard(() => {
      const name = this.CONSUME(Ident, { LABEL: "name" });
      this.setDecl(() => `the train section of \`${name.image}\``);
    }, this.atHeaderEnd, false);
    if (ok || this.LA(1).tokenType === LCurly) this.SUBRULE(this.trainBody);
  });

  readonly body = this.RULE("body", () => {
    this.bodyOf(() => this.SUBRULE(this.statement), "statement");
  });

  readonly trainBody = this.RULE("trainBody", () => {
    this.bodyOf(() => this.SUBRULE(this.trainEntry), "train");
  });

  readonly statement = this.RULE("statement", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Param);
          this.CONSUME(Ident, { LABEL: "name" });
          this.CONSUME(Colon);
          this.SUBRULE(this.tensorType);
          this.OPTION(() => {
            this.CONSUME(Equals);
            this.SUBRULE(this.expression, { LABEL: "init" });
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(Return);
          this.SUBRULE2(this.expression, { LABEL: "value" });
        },
      },
      { ALT: () => this.SUBRULE(this.bufferStmt) },
      { ALT: () => this.SUBRULE(this.nextStmt) },
      { ALT: () => this.SUBRULE(this.tupleBinding) },
      {
        ALT: () => {
          this.CONSUME2(Ident, { LABEL: "name" });
          this.CONSUME2(Equals);
          this.SUBRULE3(this.expression, { LABEL: "value" });
        },
      },
    ]);
  });

  /** `buffer NAME: T = init()`; `buffer` is a keyword only here (`buffer = 3` binds a name). */
  readonly bufferStmt = this.RULE("bufferStmt", () => {
    this.CONSUME(BufferWord);
    this.CONSUME(Ident, { LABEL: "name" });
    this.CONSUME(Colon);
    this.SUBRULE(this.tensorType);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expression, { LABEL: "init" });
    });
  });

  /** `next NAME = expr`; `next` is a keyword only here. */
  readonly nextStmt = this.RULE("nextStmt", () => {
    this.CONSUME(NextWord);
    this.CONSUME(Ident, { LABEL: "name" });
    this.CONSUME(Equals);
    this.SUBRULE(this.expression, { LABEL: "value" });
  });

  /** `(a, b) = expr`. Targets are parsed as expressions so that `(a, 1) = …` is reported as such (to-ast). */
  readonly tupleBinding = this.RULE("tupleBinding", () => {
    const open = this.CONSUME(LParen);
    this.pushOpen(open, () => "the names of the tuple binding");
    this.OPTION(() => {
      this.SUBRULE(this.expression, { LABEL: "target" });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.expression, { LABEL: "target" });
      });
    });
    this.CONSUME(RParen);
    this.popOpen();
    this.CONSUME(Equals);
    this.SUBRULE3(this.expression, { LABEL: "value" });
  });

  readonly trainEntry = this.RULE("trainEntry", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Input);
          this.CONSUME(Ident, { LABEL: "name" });
          this.CONSUME(Colon);
          this.SUBRULE(this.tensorType);
        },
      },
      {
        ALT: () => {
          this.CONSUME2(Ident, { LABEL: "name" });
          this.CONSUME(Equals);
          this.SUBRULE(this.expression, { LABEL: "value" });
        },
      },
    ]);
  });

  readonly tensorType = this.RULE("tensorType", () => {
    const dtype = this.CONSUME(Ident, { LABEL: "dtype" });
    this.OPTION(() => {
      const open = this.CONSUME(LBracket);
      this.pushOpen(open, () => `the shape of \`${dtype.image}\``);
      this.OPTION2(() => {
        this.SUBRULE(this.dimExpr);
        this.MANY(() => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.dimExpr);
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

  constructor() {
    super();
    this.performSelfAnalysis();
  }

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

  /** `{ entries }`: entries are guarded one by one; junk between them is reported and skipped. */
  private bodyOf(entry: () => void, where: JunkContext): void {
    const open = this.CONSUME(LCurly);
    this.pushOpen(open, () => (where === "train" ? this.decl : `the body of ${this.decl}`));
    let more = true;
    while (more) {
      this.MANY(() => {
        this.guard(entry, this.atStatement, true);
      });
      more = this.junk(where);
    }
    this.guard(() => this.CONSUME(RCurly), this.atAnything, false);
    this.popOpen();
  }
}
