/**
 * One method body (forward or forward_loss): one Python statement per IR node that has a name, the
 * anonymous single-use values inlined into their user's expression so the code reads like the `.nn`
 * file. Buffer updates (`next`) run at the end of a training call under torch.no_grad(), with every
 * new value computed before any buffer is replaced (nnc's updates all read the step's old state).
 */
import { dimSymbols, type Dim, type Graph, type Node } from "@nnc/ir";
import type { PyEmit, PyUnsupportedOp } from "../contract.ts";
import { pyRuleOf } from "../ops/table.ts";
import { asOperand } from "./atom.ts";
import type { StatePaths } from "./state.ts";
import type { SourceLines } from "./source-lines.ts";

export interface BodyInput {
  readonly graph: Graph;
  readonly nodes: ReadonlyMap<string, Node>;
  /** The Python local (or argument) name of every node that gets one. */
  readonly names: ReadonlyMap<string, string>;
  /** Python variable of each symbolic dim. */
  readonly dimVars: ReadonlyMap<string, string>;
  readonly py: PyEmit;
  readonly state: StatePaths;
  /** Node ids whose values the method returns. */
  readonly targets: readonly string[];
  /** Graph input ids the method takes as arguments. */
  readonly args: readonly string[];
  readonly source: SourceLines;
  readonly unsupported: PyUnsupportedOp[];
}

export interface Body {
  readonly lines: string[];
  /** The expression of each target. */
  readonly results: string[];
}

/** Ids of `roots` and everything they depend on. */
function ancestors(nodes: ReadonlyMap<string, Node>, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(nodes.get(id)?.inputs ?? []));
  }
  return seen;
}

function dimsOfNode(n: Node): string[] {
  const out = n.type.shape.flatMap(dimSymbols);
  for (const v of Object.values(n.attrs)) {
    const ds: readonly unknown[] = Array.isArray(v) ? v : [v];
    for (const d of ds) if (typeof d === "object" && d !== null && "terms" in d) out.push(...dimSymbols(d as Dim));
  }
  return out;
}

export function emitBody(b: BodyInput): Body {
  const { graph, nodes, names, py } = b;
  const main = ancestors(nodes, b.targets);
  const args = new Set(b.args);
  // Updates whose values this method can compute from its own arguments.
  const updates = (graph.updates ?? []).filter((u) => [...ancestors(nodes, [u.value])].every((id) => nodes.get(id)?.op !== "input" || args.has(id)));
  const upd = ancestors(nodes, updates.map((u) => u.value));
  const uses = new Map<string, number>();
  for (const n of graph.nodes) if (main.has(n.id) || upd.has(n.id)) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  const pinned = new Set([...b.targets, ...updates.map((u) => u.value)]);
  const exprs = new Map<string, string>();
  const lines: string[] = [];
  const dimLines = bindDims(b, [...main, ...upd]);
  const mainLines: string[] = [];
  const updLines: string[] = [];
  let lastLine = -1;
  for (const n of graph.nodes) {
    const inMain = main.has(n.id);
    if (!inMain && !upd.has(n.id)) continue;
    if (n.op === "input") {
      if (!args.has(n.id)) b.unsupported.push({ kind: "op", op: n.op, node: n, reason: `an output of the model needs the train input '${n.id}', which forward does not take` });
      exprs.set(n.id, names.get(n.id)!);
      continue;
    }
    if (n.op === "param" || n.op === "buffer") {
      exprs.set(n.id, b.state.ref(n.id));
      continue;
    }
    const rule = pyRuleOf(n.op);
    let code = "None";
    if (rule === undefined || "unsupported" in rule) b.unsupported.push({ kind: "op", op: n.op, node: n, reason: rule === undefined ? "no rule" : rule.unsupported });
    else code = rule.expr({ node: n, args: n.inputs.map((i) => exprs.get(i)!), inputTypes: n.inputs.map((i) => nodes.get(i)!.type), py });
    const inline = n.id.startsWith("%") && uses.get(n.id) === 1 && !pinned.has(n.id);
    if (inline) {
      exprs.set(n.id, code);
      continue;
    }
    const name = names.get(n.id)!;
    const out = inMain ? mainLines : updLines;
    const line = n.span?.line ?? -1;
    if (line !== lastLine && line > 0) out.push(`# ${b.source.at(line)}`);
    lastLine = line;
    out.push(`${name} = ${code}`);
    exprs.set(n.id, name);
  }
  if (updates.length > 0) {
    lines.push("if self.training:", "    # next statements: the buffers' values after this step, as BatchNorm's running statistics", "    with torch.no_grad():");
    const inner = [...updLines];
    const value = (id: string): string => (main.has(id) ? `${asOperand(exprs.get(id)!)}.detach()` : exprs.get(id)!);
    // A value that is a local is already computed; one that reads the state directly (`next a = b`)
    // is copied to a local first, so that no assignment sees another's new value.
    const local = (id: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*$/.test(exprs.get(id)!);
    if (updates.length === 1 || updates.every((u) => local(u.value))) for (const u of updates) inner.push(b.state.set(u.buffer, value(u.value)));
    else {
      const tmp = updates.map((_, i) => `_nnc_new${i}`);
      updates.forEach((u, i) => inner.push(`${tmp[i]!} = ${value(u.value)}`));
      updates.forEach((u, i) => inner.push(b.state.set(u.buffer, tmp[i]!)));
    }
    lines.push(...inner.map((l) => `        ${l}`));
  }
  // A dim variable nothing reads is dropped. The test is textual: a false hit (the name inside a
  // literal) only keeps a harmless line; a real use always shows the identifier.
  const results = b.targets.map((t) => exprs.get(t)!);
  const rest = [...mainLines, ...lines, ...results].join("\n");
  const used = dimLines.filter((l) => new RegExp(`\\b${l.slice(0, l.indexOf(" = "))}\\b`).test(rest));
  return { lines: [...used, ...mainLines, ...lines], results };
}

/** `B = x.shape[0]` for each symbolic dim the emitted nodes use, read from the first argument that has it as an axis. */
function bindDims(b: BodyInput, ids: readonly string[]): string[] {
  const wanted = new Set(ids.flatMap((id) => dimsOfNode(b.nodes.get(id)!)));
  const lines: string[] = [];
  for (const d of b.graph.dims.filter((s) => wanted.has(s))) {
    const src = b.args.map((a) => b.nodes.get(a)!).flatMap((n) => n.type.shape.map((s, k) => ({ n, s, k }))).find(({ s }) => typeof s === "object" && s.terms.length === 1 && s.terms[0]!.coef === 1 && s.terms[0]!.syms.length === 1 && s.terms[0]!.syms[0] === d);
    if (src === undefined) {
      const n = b.nodes.get(ids.find((id) => dimsOfNode(b.nodes.get(id)!).includes(d))!)!;
      b.unsupported.push({ kind: "dim", op: n.op, node: n, reason: `the dim ${d} is not the size of any axis of the inputs, so the module cannot read it` });
      continue;
    }
    lines.push(`${b.dimVars.get(d)!} = ${b.names.get(src.n.id)!}.shape[${src.k}]`);
  }
  return lines;
}
