/**
 * The canonical text form of a graph: one statement per line, types on every value, attributes sorted
 * by key, spans and origins as trailing comments. `parseGraph(printGraph(g))` gives `g` back (span
 * offsets aside, see parser.ts), so `printGraph ∘ parseGraph ∘ printGraph = printGraph`.
 *
 * ```
 * graph Mlp dims(B) {
 *   input x: f32[B, 784] {role="model"}       # mnist-mlp.nn:4:11-28
 *   param W1: f32[784, 128] = glorot_uniform() # mnist-mlp.nn:5:3-45
 *   buffer mean_run: f32[128] = zeros()        # mnist-mlp.nn:6:3-40
 *   %0: f32[B, 128] = matmul(x, W1)            # mnist-mlp.nn:10:17-23
 *   %5: f32[B, 8] = matmul(%4, Wh)             # lstm.nn:9:10-20 @hs[3/32]
 *   # backward
 *   %9: f32[128, 10] = matmul(h, %8) {transA=true} # mnist-mlp.nn:11:12-18 ← matmul.vjp.rhs of %3
 *   next mean_run = %7
 *   return logits, dW2 = %9
 * }
 * ```
 *
 * A node's comment holds, in this order, its span, its step (`@group[index/count]`, Node.step) and its
 * origin. `next BUFFER = VALUE` lines are Graph.updates, in order, after the `init` lines.
 */
import type { Graph, GraphOutput, Node } from "./graph.ts";
import { typeToString } from "./types.ts";
import { formatAttrs, formatId, formatInit, formatOrigin, formatSpan, formatStep, INIT_SOURCE_OPS, KEYWORD_SOURCE_OPS } from "./text-format.ts";

/** Trailing comments start at this column at most, so one long line does not push all the others. */
const MAX_COMMENT_COLUMN = 56;

interface Line {
  readonly code: string;
  readonly comment?: string;
}

function nodeComment(n: Node): string | undefined {
  const parts: string[] = [];
  if (n.span !== undefined) parts.push(formatSpan(n.span));
  if (n.step !== undefined) parts.push(formatStep(n.step));
  if (n.origin !== undefined) parts.push(formatOrigin(n.origin));
  return parts.length === 0 ? undefined : parts.join(" ");
}

function isKeywordSource(n: Node): boolean {
  return KEYWORD_SOURCE_OPS.has(n.op) && n.inputs.length === 0;
}

/** The statement defining `n`, without its comment. */
export function printNodeCode(n: Node, g?: Graph): string {
  const head = `${formatId(n.id)}: ${typeToString(n.type)}`;
  if (isKeywordSource(n)) {
    const init = INIT_SOURCE_OPS.has(n.op) && g !== undefined && Object.hasOwn(g.inits, n.id) ? g.inits[n.id] : undefined;
    return `${n.op} ${head}${formatAttrs(n)}${init === undefined ? "" : ` = ${formatInit(init)}`}`;
  }
  return `${head} = ${formatId(n.op)}(${n.inputs.map(formatId).join(", ")})${formatAttrs(n)}`;
}

function nodeLine(n: Node, g?: Graph): Line {
  const comment = nodeComment(n);
  return comment === undefined ? { code: printNodeCode(n, g) } : { code: printNodeCode(n, g), comment };
}

function formatOutput(o: GraphOutput): string {
  return o.name === o.id ? formatId(o.id) : `${formatId(o.name)} = ${formatId(o.id)}`;
}

function render(lines: readonly Line[], indent: string): string[] {
  const widths = lines.filter((l) => l.comment !== undefined).map((l) => l.code.length);
  const column = Math.min(MAX_COMMENT_COLUMN, Math.max(0, ...widths));
  return lines.map((l) => {
    if (l.comment === undefined) return `${indent}${l.code}`;
    if (l.code === "") return `${indent}# ${l.comment}`;
    return `${indent}${l.code.padEnd(column)} # ${l.comment}`;
  });
}

/** The whole graph in canonical text form, ending with a newline. */
export function printGraph(g: Graph): string {
  const lines: Line[] = [];
  let inBackward = false;
  const keywordParams = new Set(g.nodes.filter((n) => INIT_SOURCE_OPS.has(n.op) && isKeywordSource(n)).map((n) => n.id));
  for (const n of g.nodes) {
    if (n.origin !== undefined && !inBackward) {
      lines.push({ code: "", comment: "backward" });
      inBackward = true;
    }
    lines.push(nodeLine(n, g));
  }
  for (const [id, init] of Object.entries(g.inits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!keywordParams.has(id)) lines.push({ code: `init ${formatId(id)} = ${formatInit(init)}` });
  }
  for (const u of g.updates ?? []) lines.push({ code: `next ${formatId(u.buffer)} = ${formatId(u.value)}` });
  lines.push({ code: g.outputs.length === 0 ? "return" : `return ${g.outputs.map(formatOutput).join(", ")}` });
  const dims = g.dims.length === 0 ? "" : ` dims(${g.dims.map(formatId).join(", ")})`;
  return [`graph ${formatId(g.name)}${dims} {`, ...render(lines, "  "), "}", ""].join("\n");
}

/** Only the backward nodes (those with an origin), under a `# backward` heading; for display. */
export function printBackward(g: Graph): string {
  const lines = g.nodes.filter((n) => n.origin !== undefined).map((n) => nodeLine(n, g));
  return ["# backward", ...render(lines, ""), ""].join("\n");
}
