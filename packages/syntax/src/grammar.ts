/**
 * The `.nn` grammar (LANGUAGE.md core v0.1, LANGUAGE-V2.md forms) as a chevrotain CstParser: declarations
 * and statements here, expressions and types in `expr-grammar.ts`.
 */
import { CstParser, type Rule, type TokenType } from "chevrotain";
import { ExprParser } from "./expr-grammar.ts";
import { buildRule, rulesByName, type GastNode } from "./gast-snapshot.ts";
import { GRAMMAR_SNAPSHOT } from "./grammar-snapshot.ts";
import type { JunkContext } from "./recovery.ts";
import {
  Arrow, Block, BufferWord, Colon, Comma, Dim, Equals, Ident, Input, LCurly, LParen, Model, NextWord, Param, RCurly, Return, RParen, Train,
  allTokens,
} from "./tokens.ts";

/** chevrotain's steps of recording the grammar (not in its typings), which a parser built from the snapshot skips. */
interface Recording {
  enableRecording(): void;
  disableRecording(): void;
  topLevelRuleRecord(name: string, def: () => void): Rule;
}
const chevrotainRecording = CstParser.prototype as unknown as Recording;

/** The snapshot a parser is being built from: its rules and the tokens they name, by name. */
interface Snapshot {
  readonly rules: ReadonlyMap<string, GastNode>;
  readonly tokens: ReadonlyMap<string, TokenType>;
}

/** How a parser gets its grammar's GAST: from grammar-snapshot.ts, or recorded by chevrotain (gast-snapshot.ts). */
export type GrammarSource = "snapshot" | "record";

export class NnParser extends ExprParser {
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

  /** The snapshot's rules by name, while the parser is built from it; null when chevrotain records the grammar. */
  private snapshot: Snapshot | null = null;

  /**
   * `validate`: with chevrotain's grammar validations (RecoveringParser), for the test that keeps the
   * grammar valid. `grammar`: where the rules' GAST comes from; the snapshot (grammar-snapshot.ts,
   * checked against recording by its test) unless the grammar is validated.
   */
  constructor(validate = false, grammar: GrammarSource = validate ? "record" : "snapshot") {
    super(validate);
    if (grammar === "snapshot") this.snapshot = { rules: rulesByName(GRAMMAR_SNAPSHOT()), tokens: new Map(allTokens.map((t) => [t.name, t])) };
    this.performSelfAnalysis();
    this.snapshot = null;
  }

  /** chevrotain's hook: recording mode, unless the rules come from the snapshot (no rule body runs then). */
  protected enableRecording(): void {
    if (this.snapshot === null) chevrotainRecording.enableRecording.call(this);
  }

  protected disableRecording(): void {
    if (this.snapshot === null) chevrotainRecording.disableRecording.call(this);
  }

  /** chevrotain's hook: the GAST of rule `name`, recorded by running `def`, or built from the snapshot. */
  protected topLevelRuleRecord(name: string, def: () => void): Rule {
    if (this.snapshot === null) return chevrotainRecording.topLevelRuleRecord.call(this, name, def);
    const rule = this.snapshot.rules.get(name);
    if (rule === undefined) throw new Error(`internal: the grammar snapshot has no rule \`${name}\`: regenerate packages/syntax/src/grammar-snapshot.ts (grammar-snapshot.test.ts)`);
    return buildRule(rule, this.snapshot.tokens);
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
