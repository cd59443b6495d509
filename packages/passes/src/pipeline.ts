/**
 * The registry of optimisation passes and the driver that runs a named sequence of them, printing
 * the IR after a chosen pass (`nnc ir --print-after cse`).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { printGraph, verifyGraph, type Graph } from "@nnc/ir";
import { lookupOp, type OpLookup } from "@nnc/ops";
import { cse } from "./cse.ts";
import { dce } from "./dce.ts";
import { fold } from "./fold.ts";
import { reluMask } from "./relu-mask.ts";
import { sharedMatmul } from "./shared-matmul.ts";
import { simplify } from "./simplify.ts";
import { summedMatmul } from "./summed-matmul.ts";
import { typeRuleOf } from "./type-rule.ts";

export interface Pass {
  readonly name: string;
  readonly summary: string;
  readonly run: (g: Graph) => Graph;
}

export function makePasses(lookup: OpLookup): readonly Pass[] {
  return [
    { name: "dce", summary: "remove nodes no output depends on (inputs and params stay)", run: dce },
    { name: "cse", summary: "merge nodes computing the same op of the same operands and attributes", run: cse(lookup) },
    { name: "fold", summary: "evaluate constant subtrees whose result is a uniform constant", run: fold(lookup) },
    { name: "simplify", summary: "algebraic identities: x*1, x+0, neg(neg x), transpose/reshape chains, log(softmax)", run: simplify },
    { name: "shared-matmul", summary: "a matmul of a broadcast matrix uses the matrix; a batch-summed aᵀ·d becomes one product", run: sharedMatmul },
    { name: "summed-matmul", summary: "a sum of products a₁ᵀ·d₁ + … + aₙᵀ·dₙ (a weight's gradient over scan steps) becomes one product of the stacked rows", run: summedMatmul },
    { name: "relu-mask", summary: "relu's gradient mask gt(x, c ≥ 0) reads relu(x), so x (a bias add) fuses into relu's loop", run: reluMask },
  ];
}

export const PASSES: readonly Pass[] = makePasses(lookupOp);

/**
 * What `nnc` runs by default: fold constants first so simplify sees them, un-broadcast shared matrices,
 * merge, point relu masks at the activation (after cse: one relu per operand), then sweep.
 * `summed-matmul` is not in it yet: `nnc grad --explain` misattributes the statements it creates (the
 * stacked rows are explained as sums of the weight's uses), so it runs only when asked for
 * (`--passes …,summed-matmul,…`, between shared-matmul and cse).
 */
export const DEFAULT_PIPELINE: readonly string[] = ["fold", "simplify", "shared-matmul", "cse", "relu-mask", "dce"];

export interface PipelineOptions {
  /** A pass name, or `*` for after every pass. */
  readonly printAfter?: string;
  readonly onPrint?: (passName: string, text: string) => void;
  /**
   * Verify the graph after every pass (true), or once after the last one ("end": the final graph is
   * verified, without naming the pass that broke it; a break a later pass removes, or trips over, is
   * not reported as such); a problem is a compiler bug (InternalCompilerError).
   */
  readonly verify?: boolean | "end";
  /** The op look-up (default: the op table). */
  readonly lookup?: OpLookup;
}

/** Runs the passes named in `names`, in order. An unknown name is a caller bug: check with `PASSES`. */
export function runPipeline(g: Graph, names: readonly string[], opts: PipelineOptions = {}): Graph {
  const lookup = opts.lookup ?? lookupOp;
  const passes = opts.lookup === undefined ? PASSES : makePasses(lookup);
  let out = g;
  for (const name of names) {
    const pass = passes.find((p) => p.name === name);
    if (pass === undefined) throw new InternalCompilerError(`unknown pass '${name}' (known: ${passes.map((p) => p.name).join(", ")})`);
    out = pass.run(out);
    if (opts.verify === true) {
      const problems = verifyGraph(out, typeRuleOf(lookup));
      if (problems.length > 0) throw new InternalCompilerError(`after pass ${name}: ${problems.join("; ")}`);
    }
    if (opts.printAfter === name || opts.printAfter === "*") opts.onPrint?.(name, printGraph(out));
  }
  if (opts.verify === "end" && names.length > 0) {
    const problems = verifyGraph(out, typeRuleOf(lookup));
    if (problems.length > 0) throw new InternalCompilerError(`after the passes ${names.join(", ")}: ${problems.join("; ")}`);
  }
  return out;
}
