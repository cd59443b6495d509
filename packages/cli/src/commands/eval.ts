import { hasErrors, renderDiagnostics } from "@nnc/diagnostics";
import { FeedError, interpret, toNested } from "@nnc/interp";
import { gradient } from "@nnc/compiler";
import { EXIT, type CommandModule } from "../command-module.ts";
import { readFeed } from "../feed.ts";
import { evaluateWithTs } from "../ts-backend.ts";
import { loadModel, usage } from "../load-model.ts";

interface EvalOptions {
  readonly feed: string;
  readonly model?: string;
  readonly grad?: boolean;
  readonly dtype?: string;
  readonly backend?: string;
  readonly seed?: string;
}

export const evalCommand: CommandModule = {
  name: "eval",
  summary: "evaluate a model on a feed: outputs, loss and (with --grad) every parameter's gradient, as JSON",
  examples: [
    ["nnc eval examples/matvec.nn --feed feed.json", 'feed.json: {"inputs": {"a": [1, 2, 3]}, "params": {"W": [[1,0,0],[0,1,0],[0,0,1]]}}'],
    ["nnc eval examples/mnist-mlp.nn --feed batch.json --grad --dtype f64", "loss and gradients in float64 (missing params initialised from the seed)"],
    ["nnc eval examples/mnist-mlp.nn --feed batch.json --grad --backend interp", "the same with the reference interpreter, to compare"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .requiredOption("--feed <file>", 'JSON {"inputs": {name: value}, "params": {name: value}}, values as nested arrays')
      .option("--model <name>", "the model (default: the first with a train section)")
      .option("--grad", "also print the gradient of the loss with respect to every parameter")
      .option("--dtype <dtype>", "f32 (values rounded to float32 after every op) or f64", "f32")
      .option("--backend <name>", "ts (the code `nnc compile` generates) or interp (the float64 reference interpreter)", "ts")
      .option("--seed <n>", "seed for parameters the feed does not give", "1");
  },
  run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const opts = cmd.opts<EvalOptions>();
    if (opts.backend !== "interp" && opts.backend !== "ts") return usage(ctx, `unknown backend \`${opts.backend ?? ""}\` (available: ts, interp)`).status;
    const seed = Number(opts.seed);
    if (!Number.isInteger(seed)) return usage(ctx, `--seed must be an integer, not \`${opts.seed ?? ""}\``).status;
    const loaded = loadModel(ctx, file, opts);
    if (!loaded.ok) return loaded.status;
    const model = loaded.model;
    const wantLoss = model.train !== undefined;
    const color = ctx.color("stderr");
    const grad = opts.grad === true && wantLoss ? gradient(model, model.train.loss) : undefined;
    if (opts.grad === true && !wantLoss) return usage(ctx, `--grad needs a loss, and model \`${model.name}\` has no train section (see \`nnc jacobian\`)`).status;
    if (grad !== undefined && hasErrors(grad.diagnostics)) {
      ctx.io.stderr(renderDiagnostics(grad.diagnostics, new Map([[file, loaded.source]]), { color }));
      return EXIT.programErrors;
    }
    const graph = grad?.graph ?? model.graph;
    const feed = readFeed(opts.feed, graph, seed, wantLoss);
    if (!feed.ok) {
      ctx.io.stderr(renderDiagnostics([feed.diagnostic], new Map(), { color }));
      return EXIT.programErrors;
    }
    if (opts.backend === "ts") {
      const r = evaluateWithTs(model, grad, feed.feeds, opts.dtype === "f64" ? "f64" : "f32");
      ctx.io.stdout(JSON.stringify(r) + "\n");
      return EXIT.ok;
    }
    let values;
    try {
      values = interpret(graph, feed.feeds, { roundF32: opts.dtype !== "f64" });
    } catch (e) {
      if (e instanceof FeedError) return usage(ctx, e.message).status;
      throw e;
    }
    const out: Record<string, unknown> = { outputs: Object.fromEntries(model.graph.outputs.map((o) => [o.name, toNested(values.get(o.id)!)])) };
    if (wantLoss) out["loss"] = values.get(model.train.loss)!.data[0];
    if (grad !== undefined) out["grads"] = Object.fromEntries(Object.entries(grad.grads).map(([w, g]) => [w, toNested(values.get(g)!)]));
    ctx.io.stdout(JSON.stringify(out) + "\n");
    return EXIT.ok;
  },
};
