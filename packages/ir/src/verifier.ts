/**
 * Structural and type checks of a graph. The op semantics are injected (`typeRule`) because the op
 * table depends on this package, not the other way round.
 */
import { dimSymbols } from "./dim.ts";
import { graphBuffers, type Attrs, type Graph } from "./graph.ts";
import { typeToString, typesEqual, type TensorType } from "./types.ts";
import { formatId } from "./text-format.ts";

/** Derives an op's output type from its operand types, as the op table's type rules do. */
export type TypeRule = (op: string, inputs: readonly TensorType[], attrs: Attrs) => TensorType | { readonly error: string };

/**
 * The problems found, empty for a well-formed graph: ids unique; every operand defined by an earlier
 * node (topological order); outputs defined and their names unique; every node's type equal to the one
 * its op derives; every symbolic dim declared; every initializer belonging to a `param` or `buffer`
 * node; every update (`next`) naming a `buffer` node, at most once, and a defined value of its type.
 */
export function verifyGraph(g: Graph, typeRule: TypeRule): string[] {
  const problems: string[] = [];
  const defined = new Map<string, TensorType>();
  const allIds = new Set(g.nodes.map((n) => n.id));
  const declared = new Set(g.dims);
  for (const [index, n] of g.nodes.entries()) {
    const at = `node ${index} (${formatId(n.id)})`;
    if (defined.has(n.id)) problems.push(`${at}: duplicate id ${formatId(n.id)}`);
    const operandTypes: TensorType[] = [];
    for (const i of n.inputs) {
      const t = defined.get(i);
      if (t !== undefined) operandTypes.push(t);
      else if (allIds.has(i)) problems.push(`${at}: operand ${formatId(i)} is used before its definition`);
      else problems.push(`${at}: operand ${formatId(i)} is not defined`);
    }
    for (const s of n.type.shape.flatMap(dimSymbols)) {
      if (!declared.has(s)) problems.push(`${at}: dim ${s} is not declared in the graph's dims`);
    }
    if (operandTypes.length === n.inputs.length) {
      const derived = typeRule(n.op, operandTypes, n.attrs);
      if ("error" in derived) problems.push(`${at}: ${n.op}: ${derived.error}`);
      else if (!typesEqual(derived, n.type)) {
        problems.push(`${at}: recorded type ${typeToString(n.type)} but ${n.op} derives ${typeToString(derived)}`);
      }
    }
    if (!defined.has(n.id)) defined.set(n.id, n.type);
  }
  const names = new Set<string>();
  for (const o of g.outputs) {
    if (!defined.has(o.id)) problems.push(`output ${formatId(o.name)}: value ${formatId(o.id)} is not defined`);
    if (names.has(o.name)) problems.push(`output ${formatId(o.name)} is returned twice`);
    names.add(o.name);
  }
  const params = new Set(g.nodes.filter((n) => n.op === "param" || n.op === "buffer").map((n) => n.id));
  for (const id of Object.keys(g.inits)) {
    if (!params.has(id)) problems.push(`initializer ${formatId(id)} belongs to no param or buffer node`);
  }
  problems.push(...verifyUpdates(g, defined));
  return problems;
}

function verifyUpdates(g: Graph, defined: ReadonlyMap<string, TensorType>): string[] {
  const problems: string[] = [];
  const buffers = new Set(graphBuffers(g).map((n) => n.id));
  const updated = new Set<string>();
  for (const u of g.updates ?? []) {
    const at = `update of ${formatId(u.buffer)}`;
    if (!buffers.has(u.buffer)) problems.push(`${at}: ${formatId(u.buffer)} is not a buffer node`);
    if (updated.has(u.buffer)) problems.push(`${at}: the buffer is updated twice`);
    updated.add(u.buffer);
    const value = defined.get(u.value);
    const target = defined.get(u.buffer);
    if (value === undefined) problems.push(`${at}: value ${formatId(u.value)} is not defined`);
    else if (target !== undefined && buffers.has(u.buffer) && !typesEqual(value, target)) {
      problems.push(`${at}: value ${formatId(u.value)} has type ${typeToString(value)} but the buffer is ${typeToString(target)}`);
    }
  }
  return problems;
}
