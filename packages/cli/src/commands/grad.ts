import { DEFAULT_PASSES, displayNames, printBackward, renderExplanation, type GradResult } from "@nnc/compiler/node";
import { EXIT, type CommandModule } from "../command-module.ts";
import { loadModel, splitList, usage } from "../load-model.ts";
import { pipelineOptions } from "./ir.ts";

interface GradOptions {
  readonly model?: string;
  readonly of?: string;
  readonly wrt?: string;
  readonly explain?: boolean;
  readonly allSteps?: boolean;
  readonly passes?: string;
  readonly dtype?: string;
}

/** At most this many gradients are listed in the header (a 64-fold `repeat` has 64 of each parameter). */
const LISTED_GRADS = 16;

/**
 * `W1 → dW1, a → da (= y_pow)`: each gradient by name, and the value it is after the passes when that
 * differs, written by its display name (the name the explanation and the playground use, never `%N`).
 */
function gradList(r: GradResult): string {
  const names = displayNames(r.graph);
  const all = Object.entries(r.grads).map(([w, g]) => (g === `d${w}` ? `${w} → ${g}` : `${w} → d${w} (= ${names.get(g) ?? g})`));
  const more = all.length - LISTED_GRADS;
  return more <= 0 ? all.join(", ") : `${all.slice(0, LISTED_GRADS).join(", ")}, … and ${more} more`;
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
      .option("--all-steps", "with --explain: every step of a scan/repeat, not one step's rules with the step count")
      .option("--passes <list>", `comma-separated passes to run, or \`none\` (default: ${DEFAULT_PASSES.join(",")})`)
      .option("--dtype <dtype>", "f32 or f64", "f32");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<GradOptions>();
    const pipeline = pipelineOptions(opts);
    if ("error" in pipeline) return usage(ctx, pipeline.error).status;
    const wrt = splitList(opts.wrt);
    const at = {
      ...(opts.of === undefined ? {} : { of: { option: "--of", value: opts.of } }),
      ...(opts.wrt === undefined ? {} : { wrt: { option: "--wrt", value: opts.wrt } }),
    };
    const loaded = loadModel(ctx, file, opts, { differentiate: true, passes: pipeline.passes, ...(opts.of === undefined ? {} : { of: opts.of }), ...(wrt === undefined ? {} : { wrt }) }, at);
    if (!loaded.ok) return loaded.status;
    const c = loaded.c;
    const optimized = c.optimized!;
    const header = `# gradients of ${c.of ?? ""} in ${loaded.model.name}: ${gradList(optimized)}\n`;
    if (opts.explain === true) ctx.io.stdout(header + renderExplanation(optimized.graph, c.explanation ?? [], loaded.source, { allSteps: opts.allSteps === true }));
    else ctx.io.stdout(header + printBackward(optimized.graph));
    return EXIT.ok;
  },
};
