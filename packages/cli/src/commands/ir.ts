import { DEFAULT_PASSES, passNames, printGraph } from "@nnc/compiler/node";
import { EXIT, type CommandModule } from "../command-module.ts";
import { loadModel, splitList, usage } from "../load-model.ts";

interface IrOptions {
  readonly model?: string;
  readonly grad?: boolean;
  readonly printAfter?: string;
  readonly passes?: string;
  readonly dtype?: string;
}

/** Validates `--passes` (a comma list, or `none`) and `--print-after` against the pass registry. */
export function pipelineOptions(opts: { passes?: string; printAfter?: string }): { passes: string[] } | { error: string } {
  const known = passNames();
  const passes = opts.passes === undefined ? undefined : opts.passes === "none" ? [] : (splitList(opts.passes) ?? []);
  for (const p of [...(passes ?? []), ...(opts.printAfter === undefined || opts.printAfter === "*" ? [] : [opts.printAfter])]) {
    if (!known.includes(p)) return { error: `unknown pass \`${p}\` (passes: ${known.join(", ")}, or * for --print-after)` };
  }
  return { passes: passes ?? [...DEFAULT_PASSES] };
}

export const irCommand: CommandModule = {
  name: "ir",
  summary: "print a model's IR graph (forward, or forward + backward with --grad)",
  examples: [
    ["nnc ir examples/mnist-mlp.nn", "the optimised forward graph (with the train section's loss)"],
    ["nnc ir examples/mnist-mlp.nn --grad", "forward and backward graph together"],
    ["nnc ir examples/mnist-mlp.nn --grad --print-after cse", "the IR right after one pass"],
    ["nnc ir examples/mnist-mlp.nn --passes none", "the graph exactly as lowered"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .option("--model <name>", "the model to print (default: the first with a train section)")
      .option("--grad", "differentiate the loss with respect to every parameter and print both graphs")
      .option("--passes <list>", `comma-separated passes to run, or \`none\` (default: ${DEFAULT_PASSES.join(",")})`)
      .option("--print-after <pass>", "print the IR after this pass (`*`: after every pass) instead of the final IR")
      .option("--dtype <dtype>", "f32 or f64 (turns every f32 into f64)", "f32");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<IrOptions>();
    const pipeline = pipelineOptions(opts);
    if ("error" in pipeline) return usage(ctx, pipeline.error).status;
    const printed: string[] = [];
    const grad = opts.grad === true;
    const loaded = loadModel(ctx, file, opts, {
      differentiate: grad,
      ...(grad ? { of: "loss" } : {}),
      passes: pipeline.passes,
      ...(opts.printAfter === undefined ? {} : { printAfter: opts.printAfter }),
      onPrint: (pass, text) => printed.push(`# after ${pass}\n${text}`),
      // `ir` takes no --of: the hint names the command that differentiates outputs, not an option of this one.
    }, { ofHint: "`nnc grad FILE` differentiates a model's outputs instead" });
    if (!loaded.ok) return loaded.status;
    const final = loaded.c.optimized?.graph ?? loaded.c.optimizedForward!;
    ctx.io.stdout(opts.printAfter === undefined ? printGraph(final) : printed.join("\n"));
    return EXIT.ok;
  },
};
