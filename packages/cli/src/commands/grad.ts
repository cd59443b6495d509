import { hasErrors, type SourceFile } from "@nnc/diagnostics";
import { explainBackward, type ExplainedStmt, type GradResult } from "@nnc/autodiff";
import { printBackward, printNodeCode, type Graph } from "@nnc/ir";
import { gradient, optimize, resolveOf, resolveWrt } from "@nnc/compiler";
import { EXIT, type CommandModule } from "../command-module.ts";
import { loadModel, splitList, usage } from "../load-model.ts";
import { reportDiagnostics } from "../report.ts";
import { pipelineOptions } from "./ir.ts";

interface GradOptions {
  readonly model?: string;
  readonly of?: string;
  readonly wrt?: string;
  readonly explain?: boolean;
  readonly passes?: string;
  readonly dtype?: string;
}

/**
 * The backward statements, each followed by the rule it applies in math and the `.nn` line of the
 * forward statement it differentiates — the answer to "where does this formula come from".
 */
export function renderExplained(graph: Graph, stmts: readonly ExplainedStmt[], source: SourceFile): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  for (const s of stmts) {
    const node = byId.get(s.id);
    if (node === undefined) continue;
    lines.push(printNodeCode(node, graph));
    lines.push(`    ${s.formula}`);
    if (s.why !== "") lines.push(`      because ${s.why}`);
    const where = s.line === undefined ? "" : `${source.name}:${s.line}`;
    const text = s.sourceLine === undefined ? "" : `  ${s.sourceLine}`;
    lines.push(`      rule ${s.rule} of ${s.forward}${where === "" ? "" : ` — ${where}`}${text}`);
  }
  return lines.join("\n") + "\n";
}

function gradList(r: GradResult): string {
  return Object.entries(r.grads)
    .map(([w, g]) => `${w} → ${g}`)
    .join(", ");
}

export const gradCommand: CommandModule = {
  name: "grad",
  summary: "print the backward graph: each gradient built from the ops' Jacobian-transpose rules",
  examples: [
    ["nnc grad examples/mnist-mlp.nn", "gradients of the train section's loss w.r.t. every parameter"],
    ["nnc grad examples/matvec.nn --of b --wrt W,a --explain", "why dW = db ⊗ a and da = Wᵀ·db"],
    ["nnc grad examples/mnist-mlp.nn --wrt W1 --passes none", "only dW1, unoptimised"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .option("--model <name>", "the model (default: the first with a train section)")
      .option("--of <output>", "differentiate this output (a non-scalar one gets a cotangent input d<name>); default: the loss, or the model's only output")
      .option("--wrt <names>", "comma-separated parameters or inputs (default: every parameter)")
      .option("--explain", "annotate every backward statement with its rule in math and its .nn line")
      .option("--passes <list>", "comma-separated passes to run, or `none` (default: fold,simplify,cse,dce)")
      .option("--dtype <dtype>", "f32 or f64", "f32");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<GradOptions>();
    const pipeline = pipelineOptions(opts);
    if ("error" in pipeline) return usage(ctx, pipeline.error).status;
    const loaded = loadModel(ctx, file, opts);
    if (!loaded.ok) return loaded.status;
    const model = loaded.model;
    const defaultOf = opts.of ?? (model.train === undefined && model.graph.outputs.length === 1 ? model.graph.outputs[0]!.name : undefined);
    const of = resolveOf(model, defaultOf);
    if (!of.ok) return usage(ctx, of.message, opts.of === undefined ? undefined : { option: "--of", value: opts.of }).status;
    const wrt = resolveWrt(model, splitList(opts.wrt));
    if (!wrt.ok) return usage(ctx, wrt.message, opts.wrt === undefined ? undefined : { option: "--wrt", value: opts.wrt }).status;
    const result = gradient(model, of.value, wrt.value);
    reportDiagnostics(ctx, file, result.diagnostics, new Map([[file, loaded.source]]));
    if (hasErrors(result.diagnostics)) return EXIT.programErrors;
    const graph = optimize(result.graph, { passes: pipeline.passes });
    const header = `# gradients of ${of.value} in ${model.name}: ${gradList(result)}\n`;
    if (opts.explain === true) {
      ctx.io.stdout(header + renderExplained(graph, explainBackward({ graph }, { source: loaded.source }), loaded.source));
    } else {
      ctx.io.stdout(header + printBackward(graph));
    }
    return EXIT.ok;
  },
};
