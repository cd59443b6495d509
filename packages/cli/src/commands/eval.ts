import { FeedError, interpret, toNested } from "@nnc/compiler/node";
import { jsonText, MAX_SEED } from "@nnc/runtime";
import { EXIT, type CommandModule } from "../command-module.ts";
import { readFeed } from "../feed.ts";
import { reportDiagnostics } from "../report.ts";
import { evaluateWithTs, shippedClass } from "../ts-backend.ts";
import { loadModel, usage } from "../load-model.ts";

interface EvalOptions {
  readonly feed: string;
  readonly model?: string;
  readonly grad?: boolean;
  readonly dtype?: string;
  readonly backend?: string;
  readonly seed?: string;
  readonly json?: boolean;
}

export const evalCommand: CommandModule = {
  name: "eval",
  summary: "evaluate a model on a feed: outputs, loss and (with --grad) every parameter's gradient, as JSON",
  examples: [
    ["nnc eval examples/matvec.nn --feed feed.json", 'feed.json: {"inputs": {"a": [1, 2, 3]}, "params": {"W": [[1,0,0],[0,1,0],[0,0,1]]}}'],
    ["nnc eval examples/mnist-mlp.nn --feed batch.json --grad --dtype f64", "loss and gradients in float64 (missing params initialised from the seed)"],
    ["nnc eval examples/mnist-mlp.nn --feed batch.json --grad --backend interp", "the same with the reference interpreter, to compare"],
    ["nnc eval bn.nn --feed batch.json", 'with "buffers": {"bn.mean_run": [...]} for running statistics; omitted buffers take their initial values; `training` is false'],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .requiredOption("--feed <file>", 'JSON {"inputs": {name: value}, "params": {name: value}, "buffers": {name: value}}, values as nested arrays')
      .option("--model <name>", "the model (default: the first with a train section)")
      .option("--grad", "also print the gradient of the loss with respect to every parameter")
      .option("--dtype <dtype>", "f32 (values rounded to float32 after every op) or f64", "f32")
      .option("--backend <name>", "ts (the code `nnc compile` generates) or interp (the float64 reference interpreter)", "ts")
      .option("--seed <n>", "seed for parameters the feed does not give", "1")
      .option("--json", "report errors as JSON on stdout too (the result is always JSON)");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<EvalOptions>();
    if (opts.backend !== "interp" && opts.backend !== "ts") return usage(ctx, `unknown backend \`${opts.backend ?? ""}\` (available: ts, interp)`, { option: "--backend", value: opts.backend ?? "" }).status;
    const seed = Number(opts.seed);
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED)) return usage(ctx, `--seed needs a whole number from 0 to ${MAX_SEED}, not \`${opts.seed ?? ""}\``, { option: "--seed", value: opts.seed ?? "" }).status;
    const wantGrad = opts.grad === true;
    const loaded = loadModel(ctx, file, opts, wantGrad ? {} : { differentiate: false });
    if (!loaded.ok) return loaded.status;
    const model = loaded.model;
    const wantLoss = model.train !== undefined;
    if (wantGrad && !wantLoss) return usage(ctx, `--grad needs a loss, and model \`${model.name}\` has no train section (see \`nnc jacobian\`)`).status;
    // The interpreter evaluates the gradient as differentiated; the ts backend, the shipped class (optimized).
    const grad = loaded.c.gradient;
    const graph = grad?.graph ?? model.graph;
    const feed = readFeed(opts.feed, graph, seed, wantLoss);
    if (!feed.ok) {
      reportDiagnostics(ctx, file, [feed.diagnostic], new Map());
      return EXIT.programErrors;
    }
    if (opts.backend === "ts") {
      const cls = shippedClass(loaded.text, file, model, feed.feeds, opts.dtype === "f64" ? "f64" : "f32");
      if (!cls.ok) {
        reportDiagnostics(ctx, file, cls.compilation.diagnostics, new Map([[file, cls.compilation.source]]), "compile");
        return EXIT.programErrors;
      }
      ctx.io.stdout(jsonText(evaluateWithTs(cls, feed.feeds, wantGrad)) + "\n");
      return EXIT.ok;
    }
    let values;
    try {
      // Evaluation, not a training step: `training` is false and no `next` update is applied.
      values = interpret(graph, feed.feeds, { roundF32: opts.dtype !== "f64", training: false });
    } catch (e) {
      if (e instanceof FeedError) return usage(ctx, e.message).status;
      throw e;
    }
    const out: Record<string, unknown> = { outputs: Object.fromEntries(model.graph.outputs.map((o) => [o.name, toNested(values.get(o.id)!)])) };
    if (wantLoss) out["loss"] = values.get(model.train.loss)!.data[0];
    if (grad !== undefined) out["grads"] = Object.fromEntries(Object.entries(grad.grads).map(([w, g]) => [w, toNested(values.get(g)!)]));
    ctx.io.stdout(jsonText(out) + "\n");
    return EXIT.ok;
  },
};
