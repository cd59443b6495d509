import { basename, extname } from "node:path";
import { InternalCompilerError, terminalText } from "@nnc/diagnostics";
import { atomicWrite, checkWriteTarget } from "@nnc/runtime";
import type { DrawnGraph } from "@nnc/graph-view";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { fileStep } from "../file-step.ts";
import { loadModel, splitList, usage } from "../load-model.ts";

interface GraphOptions {
  readonly model?: string;
  readonly grad?: boolean;
  readonly of?: string;
  readonly wrt?: string;
  readonly format?: string;
  readonly output?: string;
}

type Format = "dot" | "svg";

/** The format an output file's extension names; undefined for one that names none. */
const EXTENSIONS: Readonly<Record<string, Format>> = { ".svg": "svg", ".dot": "dot", ".gv": "dot" };

/** --format, else -o's extension, else SVG; a usage error (exit 2) for anything else. */
function chooseFormat(ctx: CliContext, o: GraphOptions, output: string | undefined): Format | { readonly exit: number } {
  if (o.format !== undefined) {
    if (o.format === "dot" || o.format === "svg") return o.format;
    return { exit: usage(ctx, `--format must be dot or svg, not \`${o.format}\``, { option: "--format", value: o.format }).status };
  }
  if (output === undefined) return "svg";
  const ext = extname(output).toLowerCase();
  const format = EXTENSIONS[ext];
  if (format !== undefined) return format;
  return { exit: usage(ctx, `cannot tell the picture's format from \`${output}\` (.svg, .dot or .gv); add --format dot or --format svg`, { option: "-o", value: output }).status };
}

export const graphCommand: CommandModule = {
  name: "graph",
  summary: "draw a model's forward graph, or its backward graph with each node's rule, as SVG or Graphviz DOT",
  examples: [
    ["nnc graph examples/mnist-mlp.nn -o mlp.svg", "the forward graph as a picture (no Graphviz needed)"],
    ["nnc graph examples/mnist-mlp.nn --grad -o mlp-grad.svg", "the backward graph: one box per Jacobian-transpose rule"],
    ["nnc graph examples/matvec.nn --of b --wrt W,a --format dot", "the gradients of b w.r.t. W and a, as DOT on stdout"],
    ["nnc graph examples/spirals.nn -o spirals.dot && dot -Tpng spirals.dot -o spirals.png", "DOT for Graphviz, if it is installed"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", ".nn source file")
      .option("--model <name>", "the model (default: the first with a train section)")
      .option("--grad", "draw the backward graph (the train section's loss, or the only output, w.r.t. every parameter)")
      .option("--of <output>", "the output to differentiate, as `nnc grad --of` (implies --grad)")
      .option("--wrt <names>", "comma-separated parameters or inputs, as `nnc grad --wrt` (implies --grad)")
      .option("--format <format>", "svg or dot (default: from -o's extension, else svg)")
      .option("-o, --output <file>", "write the picture here (atomically); `-` or none: stdout");
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<GraphOptions>();
    const output = o.output === "-" ? undefined : o.output;
    const format = chooseFormat(ctx, o, output);
    if (typeof format === "object") return format.exit;
    if (output !== undefined && !fileStep(ctx, file, "graph", () => checkWriteTarget(output, [file]))) return EXIT.programErrors;
    const grad = o.grad === true || o.of !== undefined || o.wrt !== undefined;
    const wrt = splitList(o.wrt);
    const at = {
      ...(o.of === undefined ? {} : { of: { option: "--of", value: o.of } }),
      ...(o.wrt === undefined ? {} : { wrt: { option: "--wrt", value: o.wrt } }),
    };
    const extra = grad ? { differentiate: true, ...(o.of === undefined ? {} : { of: o.of }), ...(wrt === undefined ? {} : { wrt }) } : { differentiate: false };
    const loaded = loadModel(ctx, file, o, extra, at);
    if (!loaded.ok) return loaded.status;
    const c = loaded.c;
    // Loaded here, not at start-up: only `nnc graph` needs dagre (the bundle puts it in its own chunk).
    const { backwardDrawing, forwardDrawing, renderDot, renderSvg, tieIndices } = await import("@nnc/graph-view");
    const name = loaded.model.name;
    // The file's name, not its path: the same picture wherever it is drawn from.
    const where = basename(file);
    let drawn: DrawnGraph;
    let title: string;
    let ties: Map<string, number>;
    if (grad) {
      // loadModel was asked to differentiate and succeeded, so compile() got past the gradient (it
      // returns early only with gradient errors, which loadModel reports): `optimized` is set.
      const g = c.optimized;
      if (g === undefined) throw new InternalCompilerError(`graph: no optimized gradient for model '${name}'`);
      drawn = backwardDrawing(g);
      ties = tieIndices(g.graph);
      title = `backward graph of ${name} (${where}): d${c.of ?? ""} w.r.t. ${Object.keys(g.grads).join(", ")}`;
    } else {
      // Without differentiation compile() always optimizes the forward graph (compile.ts: optimizedForward).
      const g = c.optimizedForward;
      if (g === undefined) throw new InternalCompilerError(`graph: no optimized forward graph for model '${name}'`);
      drawn = forwardDrawing(g);
      ties = tieIndices(g);
      title = `forward graph of ${name} (${where})`;
    }
    const text = format === "svg" ? renderSvg(drawn, { title, ties }) : renderDot(drawn, { title, ties });
    if (output === undefined) {
      ctx.io.stdout(text);
      return EXIT.ok;
    }
    if (!fileStep(ctx, file, "graph", () => { atomicWrite(output, [text], [file]); })) return EXIT.programErrors;
    ctx.io.stderr(`wrote ${terminalText(output)}\n`);
    return EXIT.ok;
  },
};
