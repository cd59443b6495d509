import { jacobian, resolveOf, resolveWrt, toNested } from "@nnc/compiler/node";
import { jsonText, MAX_SEED } from "@nnc/runtime";
import { EXIT, type CommandModule } from "../command-module.ts";
import { readFeed } from "../feed.ts";
import { reportDiagnostics } from "../report.ts";
import { loadModel, usage } from "../load-model.ts";

interface JacobianOptions {
  readonly of: string;
  readonly wrt: string;
  readonly feed: string;
  readonly model?: string;
  readonly dtype?: string;
  readonly seed?: string;
  readonly json?: boolean;
}

export const jacobianCommand: CommandModule = {
  name: "jacobian",
  summary: "the full Jacobian ∂OUTPUT/∂NAME at a feed, shape [...output, ...name], as JSON",
  examples: [
    ["nnc jacobian examples/matvec.nn --of b --wrt W --feed feed.json", "the (3,3,3) tensor δ_ij·a_k"],
    ["nnc jacobian examples/matvec.nn --of b --wrt a --feed feed.json", "equals W"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .requiredOption("--of <output>", "the output to differentiate (or `loss`)")
      .requiredOption("--wrt <name>", "a parameter or float input")
      .requiredOption("--feed <file>", 'JSON {"inputs": {…}, "params": {…}}; missing params come from the seed')
      .option("--model <name>", "the model (default: the first with a train section)")
      .option("--dtype <dtype>", "f32 or f64 (the Jacobian is computed by the float64 interpreter either way)", "f64")
      .option("--seed <n>", "seed for parameters the feed does not give", "1")
      .option("--json", "report errors as JSON on stdout too (the result is always JSON)");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<JacobianOptions>();
    const seed = Number(opts.seed);
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) return usage(ctx, `--seed needs a whole number from 0 to ${MAX_SEED}, not \`${opts.seed ?? ""}\``, { option: "--seed", value: opts.seed ?? "" }).status;
    const loaded = loadModel(ctx, file, opts, { differentiate: false });
    if (!loaded.ok) return loaded.status;
    const of = resolveOf(loaded.model, opts.of);
    if (!of.ok) return usage(ctx, of.message, { option: "--of", value: opts.of }).status;
    const wrt = resolveWrt(loaded.model, [opts.wrt]);
    if (!wrt.ok) return usage(ctx, wrt.message, { option: "--wrt", value: opts.wrt }).status;
    const graph = loaded.model.graph;
    const feed = readFeed(opts.feed, graph, seed, of.value === loaded.model.train?.loss);
    if (!feed.ok) {
      reportDiagnostics(ctx, file, [feed.diagnostic], new Map());
      return EXIT.programErrors;
    }
    const j = jacobian(graph, of.value, opts.wrt, feed.feeds);
    ctx.io.stdout(jsonText({ of: opts.of, wrt: opts.wrt, shape: j.shape, values: toNested(j.values) }) + "\n");
    return EXIT.ok;
  },
};
