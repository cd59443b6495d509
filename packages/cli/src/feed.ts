import { readFileSync } from "node:fs";
import { diagnostic, type Diagnostic, type DiagnosticCode } from "@nnc/diagnostics";
import { bindDims, dimToString, evalDim, FeedError, fromNested, graphBuffers, graphInputs, graphParams, initBuffers, initParams, nodeMap, typeToString, type Graph, type Node, type Tensor } from "@nnc/compiler/node";
import { fileSpan } from "./read-source.ts";

export type FeedResult = { readonly ok: true; readonly feeds: Record<string, Tensor> } | { readonly ok: false; readonly diagnostic: Diagnostic };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function fail(code: DiagnosticCode, path: string, message: string, help?: string): FeedResult {
  return { ok: false, diagnostic: diagnostic(code, message, fileSpan(path), help === undefined ? {} : { help }) };
}

const SECTIONS = ["inputs", "params", "buffers"] as const;

/**
 * Reads FEED.json (`{"inputs": {…}, "params": {…}, "buffers": {…}}`) into tensors for `graph`: every
 * name checked, every shape checked against the declared type with symbolic dims bound consistently,
 * labels checked against the classes of the logits they are compared with, and missing params and
 * buffers initialised from `seed` (a buffer's initial value is its initializer's).
 */
export function readFeed(path: string, graph: Graph, seed: number, needTrainInputs: boolean): FeedResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    return fail("E0660", path, `cannot read the feed \`${path}\`: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(json)) return fail("E0660", path, `the feed \`${path}\` must be a JSON object {"inputs": {…}, "params": {…}}`);
  const extra = Object.keys(json).filter((k) => !(SECTIONS as readonly string[]).includes(k));
  if (extra.length > 0) return fail("E0660", path, `unexpected key \`${extra[0]!}\` in the feed (expected "inputs", "params" and "buffers")`);
  const inputs = json["inputs"] ?? {};
  const params = json["params"] ?? {};
  const buffers = json["buffers"] ?? {};
  if (!isRecord(inputs) || !isRecord(params) || !isRecord(buffers)) return fail("E0660", path, `"inputs", "params" and "buffers" must be JSON objects`);
  const inputNodes = graphInputs(graph).filter((n) => n.attrs["role"] !== "cotangent");
  const paramNodes = graphParams(graph);
  const bufferNodes = graphBuffers(graph);
  // No prototype: a name such as `__proto__` or `toString` is an own key like any other.
  const feeds = Object.create(null) as Record<string, Tensor>;
  const sections: [string, Record<string, unknown>, typeof inputNodes][] = [
    ["inputs", inputs, inputNodes],
    ["params", params, paramNodes],
    ["buffers", buffers, bufferNodes],
  ];
  for (const [section, values, nodes] of sections) {
    for (const [name, value] of Object.entries(values)) {
      const node = nodes.find((n) => n.id === name);
      if (node === undefined) {
        const misplaced = misplacedKind(section, name, paramNodes, bufferNodes);
        if (misplaced !== undefined) return fail("E0606", path, misplaced.message, misplaced.help);
        const known = nodes.map((n) => n.id).join(", ");
        const code = section === "buffers" ? "E0605" : "E0661";
        return fail(code, path, `the feed's "${section}" names \`${name}\`, which is not one of the model's ${section} (${known || "none"})`);
      }
      // One level too deep gets fromNested's shape message; deeper is refused before it recurses.
      const rank = node.type.shape.length;
      if (nestedDeeperThan(value, rank + 1)) return fail("E0662", path, `${section}.${name}: lists nested more than ${rank + 1} deep, but it is declared as ${typeToString(node.type)}`, `give ${name} as ${rank === 0 ? "a number" : `lists nested ${rank} deep`}`);
      const concrete = node.type.shape.every((d) => typeof d === "number") ? (node.type.shape as number[]) : undefined;
      try {
        feeds[name] = fromNested(value, concrete, name);
      } catch (e) {
        if (e instanceof FeedError) return fail("E0662", path, `${section}.${name}: ${e.message}`, `declared as ${typeToString(node.type)}`);
        throw e;
      }
    }
  }
  for (const n of inputNodes) {
    if (feeds[n.id] === undefined && (n.attrs["role"] === "model" || needTrainInputs)) {
      return fail("E0663", path, `the feed has no value for input \`${n.id}\`: ${typeToString(n.type)}`);
    }
  }
  const fresh = initParams(graph, seed);
  for (const p of paramNodes) feeds[p.id] ??= fresh[p.id]!;
  const initial = initBuffers(graph, seed);
  for (const b of bufferNodes) feeds[b.id] ??= initial[b.id]!;
  let dims: Record<string, number>;
  try {
    dims = bindDims(graph, feeds);
  } catch (e) {
    if (e instanceof FeedError) return fail("E0662", path, e.message, e.expected === undefined ? undefined : `expected ${e.expected}`);
    throw e;
  }
  const labelProblem = checkLabels(graph, feeds, dims);
  if (labelProblem !== undefined) return fail("E0664", path, labelProblem);
  return { ok: true, feeds };
}

/** A buffer listed under "params" or a param under "buffers" (E0606), with the section it belongs in. */
function misplacedKind(section: string, name: string, params: readonly Node[], buffers: readonly Node[]): { message: string; help: string } | undefined {
  if (section === "params" && buffers.some((n) => n.id === name)) {
    return { message: `the feed's "params" names \`${name}\`, which is a buffer of the model, not a parameter`, help: `give it under "buffers": {"buffers": {"${name}": …}}` };
  }
  if (section === "buffers" && params.some((n) => n.id === name)) {
    return { message: `the feed's "buffers" names \`${name}\`, which is a parameter of the model, not a buffer`, help: `give it under "params": {"params": {"${name}": …}}` };
  }
  return undefined;
}

/** True when `v` holds arrays nested more than `limit` deep; iterative, so any depth of JSON is safe to test. */
function nestedDeeperThan(v: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, depth] = stack.pop()!;
    if (!Array.isArray(x)) continue;
    if (depth >= limit) return true;
    for (const item of x as unknown[]) stack.push([item, depth + 1]);
  }
  return false;
}

/** Every integer operand of a `cross_entropy` must lie in [0, C) for the C of its logits. */
function checkLabels(graph: Graph, feeds: Readonly<Record<string, Tensor>>, dims: Readonly<Record<string, number>>): string | undefined {
  const byId = nodeMap(graph);
  for (const n of graph.nodes) {
    if (n.op !== "cross_entropy") continue;
    const [logitsId, labelId] = n.inputs;
    const labels = labelId === undefined ? undefined : feeds[labelId];
    const logits = logitsId === undefined ? undefined : byId.get(logitsId);
    if (labels === undefined || logits === undefined) continue;
    const last = logits.type.shape[logits.type.shape.length - 1] ?? 1;
    const classes = evalDim(last, dims) ?? Number.NaN;
    const bad = labels.data.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= classes);
    if (bad >= 0) return `label \`${labelId!}\`[${bad}] = ${labels.data[bad]!} is outside [0, ${dimToString(last)}) = [0, ${classes})`;
  }
  return undefined;
}
