import { diagnostic, InternalCompilerError, type Diagnostic, type Span } from "@nnc/diagnostics";
import { graphParams, isFloat, typesEqual, typeToString, type Graph, type GraphOutput, type Node } from "@nnc/ir";
import { GraphBuilder, lookupOp, type OpLookup } from "@nnc/ops";
import { analyzeActivity, type Activity } from "./activity.ts";
import { finalizeBackward } from "./naming.ts";

export interface GradRequest {
  readonly graph: Graph;
  /**
   * A node id of a scalar (seeded with 1) or of a non-scalar value, which gets a cotangent INPUT
   * node named `d<name>` (role "cotangent"), e.g. `db` for `b`.
   */
  readonly of: string;
  /** Node ids to differentiate with respect to; default: every `param` node. */
  readonly wrt?: readonly string[];
  /** The op table; default: the real one (`lookupOp`). Tests of the driver pass a small table. */
  readonly lookup?: OpLookup;
}

export interface GradResult {
  /** Forward nodes (unchanged, first) + backward nodes (`origin` set), topological. */
  readonly graph: Graph;
  /** wrt id → id of its gradient node, named `d<wrt>` (dW1, dh1.W). */
  readonly grads: Readonly<Record<string, string>>;
  /** Id of the cotangent input when `of` is non-scalar. */
  readonly cotangent?: string;
  /** Forward value id → id of its final cotangent, for every value that got one (`logits` → `dlogits`). */
  readonly cotangents: Readonly<Record<string, string>>;
  /** E0501 (warning) for a wrt that cannot affect `of`; E0502 (error) for a non-float `of`/wrt. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Origin rules the driver itself emits (op rules are `<op>.vjp.<operand index>`). */
export const SEED_RULE = "seed";
export const COTANGENT_RULE = "cotangent";
export const FANOUT_RULE = "fanout";
export const ZERO_RULE = "zero";

/** `d<name>` for a value with a source name; undefined (so `%N`) for an unnamed one. */
export function cotangentName(id: string): string | undefined {
  return id.startsWith("%") ? undefined : `d${id}`;
}

export function spanOrGraph(n: Node, g: Graph): Span {
  return n.span ?? { file: `<${g.name}>`, start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/**
 * Reverse-mode differentiation as a graph-to-graph pass. Walks the forward nodes from `of` back to
 * the start; each active node's cotangent is the sum of the contributions its users' VJP rules
 * built; the op's rule then builds its operands' contributions, one operand at a time, so every
 * backward node records which operand's rule made it. No per-op code lives here.
 */
export function differentiate(req: GradRequest): GradResult {
  const g = req.graph;
  const lookup = req.lookup ?? lookupOp;
  const b = GraphBuilder.from(lookup, g);
  const ofNode = b.get(req.of);
  const wrtIds = [...new Set(req.wrt ?? graphParams(g).map((n) => n.id))];
  const diagnostics: Diagnostic[] = [];
  for (const w of wrtIds) {
    const n = b.get(w);
    if (!isFloat(n.type.dtype)) diagnostics.push(notFloat(n, g, "with respect to"));
  }
  if (!isFloat(ofNode.type.dtype)) {
    return { graph: g, grads: {}, cotangents: {}, diagnostics: [...diagnostics, notFloat(ofNode, g, "")] };
  }
  const wrt = wrtIds.filter((w) => isFloat(b.type(w).dtype));
  const act = analyzeActivity(g, req.of, wrt, lookup);

  const scalar = ofNode.type.shape.length === 0;
  const seed = b.withProvenance({ span: ofNode.span, origin: { rule: scalar ? SEED_RULE : COTANGENT_RULE, forward: ofNode.id } }, () =>
    scalar
      ? b.addTyped("const", [], { value: 1, dtype: ofNode.type.dtype, shape: [] }, ofNode.type, { name: cotangentName(ofNode.id) })
      : b.addTyped("input", [], { role: "cotangent", dtype: ofNode.type.dtype, shape: ofNode.type.shape }, ofNode.type, {
          name: cotangentName(ofNode.id),
        }),
  );

  const parts = new Map<string, string[]>([[ofNode.id, [seed]]]);
  const final = new Map<string, string>();
  const names: [string, string][] = [];
  for (let k = g.nodes.findIndex((n) => n.id === ofNode.id); k >= 0; k--) {
    const n = g.nodes[k]!;
    const mine = parts.get(n.id);
    if (mine === undefined || !act.active(n.id)) continue;
    const cot = sumParts(b, n, mine);
    final.set(n.id, cot);
    const dn = cotangentName(n.id);
    if (dn !== undefined) names.push([cot, dn]);
    applyRule(b, n, cot, act, parts, lookup);
  }

  // By user name, so no prototype: `__proto__` is a name like any other.
  const grads = Object.create(null) as Record<string, string>;
  for (const w of wrt) {
    const got = final.get(w);
    if (got !== undefined) {
      grads[w] = got;
      continue;
    }
    const wn = b.get(w);
    diagnostics.push(zeroGradient(wn, ofNode, g, act));
    grads[w] = b.addTyped("const", [], { value: 0, dtype: wn.type.dtype, shape: wn.type.shape }, wn.type, {
      name: `d${w}`,
      span: wn.span,
      origin: { rule: ZERO_RULE, forward: w },
    });
  }

  // The gradients are the pass's outputs: their names (`dW1`) win over those of forward values.
  const priority: [string, string][] = [...wrt.map((w): [string, string] => [grads[w]!, `d${w}`]), ...names];
  const roots = [...Object.values(grads), ...(scalar ? [] : [seed])];
  const fin = finalizeBackward(b.all(), g.nodes.length, roots, priority);
  const ren = (id: string): string => fin.renamed.get(id) ?? id;
  for (const w of wrt) grads[w] = ren(grads[w]!);
  // A cotangent that leads to no gradient (cut by stop_gradient) was dropped with its node.
  const kept = new Set(fin.nodes.map((n) => n.id));
  const cotangents = Object.create(null) as Record<string, string>;
  for (const [v, c] of final) if (kept.has(ren(c))) cotangents[v] = ren(c);
  const outputs: GraphOutput[] = [...g.outputs, ...wrt.map((w) => ({ name: `d${w}`, id: grads[w]! }))];
  // Buffer updates (`next`) are carried unchanged: forward ids never change, and a training step's
  // graph must still compute every update. They are roots, never differentiated.
  const graph: Graph = { name: g.name, nodes: fin.nodes, outputs, inits: g.inits, dims: g.dims, ...(g.updates === undefined ? {} : { updates: g.updates }) };
  return { graph, grads, ...(scalar ? {} : { cotangent: seed }), cotangents, diagnostics };
}

/** A value used k times gets the sum of its k contributions (multivariate chain rule). */
function sumParts(b: GraphBuilder, n: Node, parts: readonly string[]): string {
  let acc = parts[0]!;
  if (parts.length === 1) return acc;
  return b.withProvenance({ span: n.span, origin: { rule: FANOUT_RULE, forward: n.id }, ...(n.step === undefined ? {} : { step: n.step }) }, () => {
    for (const p of parts.slice(1)) acc = b.add("add", [acc, p]);
    return acc;
  });
}

function applyRule(b: GraphBuilder, n: Node, cot: string, act: Activity, parts: Map<string, string[]>, lookup: OpLookup): void {
  const def = lookup(n.op);
  if (def === undefined) throw new InternalCompilerError(`differentiate: unknown op '${n.op}'`, n.span);
  const inputs = n.inputs.map((i) => b.get(i));
  for (const [j, src] of n.inputs.entries()) {
    if (!act.varied.has(src)) continue;
    const rule = `${n.op}.vjp.${j}`;
    const wanted = n.inputs.map((_, k) => k === j);
    const out = b.withProvenance({ span: n.span, origin: { rule, forward: n.id }, ...(n.step === undefined ? {} : { step: n.step }) }, () => def.vjp({ b, node: n, inputs, cot, wanted }));
    const r = out[j];
    if (r === undefined) throw new InternalCompilerError(`${rule}: the rule returned ${out.length} cotangents for ${n.inputs.length} operands`, n.span);
    if (r === null) continue;
    const want = inputs[j]!.type;
    if (!typesEqual(b.type(r), want)) {
      throw new InternalCompilerError(`${rule}: cotangent of ${src} is ${typeToString(b.type(r))}, expected ${typeToString(want)}`, n.span);
    }
    const list = parts.get(src);
    if (list === undefined) parts.set(src, [r]);
    else list.push(r);
  }
}

function notFloat(n: Node, g: Graph, how: string): Diagnostic {
  const what = how === "" ? `cannot differentiate \`${n.id}\`` : `cannot differentiate ${how} \`${n.id}\``;
  return diagnostic("E0502", `${what}: it is ${typeToString(n.type)}, not a floating-point value`, spanOrGraph(n, g), {
    label: `${n.type.dtype} value`,
    help: "gradients exist only for f32/f64 values; integer labels and masks are constants of the loss",
  });
}

function zeroGradient(w: Node, of: Node, g: Graph, act: Activity): Diagnostic {
  const why = w.op === "buffer"
    ? `\`${w.id}\` is a buffer: non-trainable state is never differentiated`
    : act.useful.has(w.id)
    ? `\`${of.id}\` depends on \`${w.id}\` only through operations without a gradient (comparisons, casts, stop_gradient)`
    : `no computation of \`${of.id}\` uses \`${w.id}\``;
  return diagnostic("E0501", `\`${w.id}\` cannot affect \`${of.id}\`: its gradient is zero`, spanOrGraph(w, g), {
    severity: "warning",
    label: "gradient is always zero",
    notes: [why],
    help: w.op === "param" ? `use \`${w.id}\` in the model, or remove it` : `differentiate with respect to values \`${of.id}\` is computed from`,
  });
}
