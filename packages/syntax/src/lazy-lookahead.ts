/**
 * chevrotain's LL(k) lookahead with each production's function built on its first call rather than
 * when the parser is built. Building them all was ≈ 40 % of `new NnParser()` (11 of 26 ms in Node,
 * 39 of 93 ms in the playground's analysis Worker), paid on every `nnc check` and every Worker start,
 * though a file uses a fraction of the grammar (no file uses every v0.2 form). The functions are
 * chevrotain's own (LLkLookaheadStrategy), built from the same grammar, so every choice is the same;
 * a parse calls them with the parser as `this`, and the built one is called with that `this` too.
 */
import { LLkLookaheadStrategy, type ILookaheadStrategy } from "chevrotain";

type Strategy = ILookaheadStrategy;
type ForAlternation = ReturnType<Strategy["buildLookaheadForAlternation"]>;
type ForOptional = ReturnType<Strategy["buildLookaheadForOptional"]>;

export class LazyLookahead implements Strategy {
  private readonly llk: Strategy;

  constructor(maxLookahead: number) {
    this.llk = new LLkLookaheadStrategy({ maxLookahead });
  }

  validate(options: Parameters<Strategy["validate"]>[0]): ReturnType<Strategy["validate"]> {
    return this.llk.validate(options);
  }

  buildLookaheadForAlternation(options: Parameters<Strategy["buildLookaheadForAlternation"]>[0]): ForAlternation {
    const llk = this.llk;
    let built: ForAlternation | undefined;
    return function (this: unknown, alts) {
      built ??= llk.buildLookaheadForAlternation(options);
      return built.call(this, alts);
    };
  }

  buildLookaheadForOptional(options: Parameters<Strategy["buildLookaheadForOptional"]>[0]): ForOptional {
    const llk = this.llk;
    let built: ForOptional | undefined;
    return function (this: unknown) {
      built ??= llk.buildLookaheadForOptional(options);
      return built.call(this);
    };
  }
}
