/**
 * The network of a 2-D classifier as layers of units and the weights between them, read from the
 * lowered graph: a layer is the model input, a named [B, k] value (k ≤ MAX_UNITS), or the output;
 * a link is a `matmul(a, W)` whose `a` comes from one layer and whose parameter W: [k_a, k_b] feeds
 * the next. A layer computed elementwise from a single other layer (h = tanh(z)) replaces it, so the
 * picture shows activations after the nonlinearity, as TensorFlow Playground does.
 */
import type { Graph, Node } from "@nnc/compiler";

export const MAX_UNITS = 32;

export interface NetLayer {
  /** Node id (the input's id for the first layer). */
  readonly id: string;
  readonly units: number;
}

export interface NetLink {
  /** Indexes into layers. */
  readonly from: number;
  readonly to: number;
  /** The weight parameter, [units of from, units of to], row-major. */
  readonly param: string;
}

export interface Net {
  readonly layers: readonly NetLayer[];
  readonly links: readonly NetLink[];
}

const FED = new Set(["input", "param", "buffer"]);

function units(n: Node): number | null {
  const s = n.type.shape;
  return s.length === 2 && typeof s[0] !== "number" && typeof s[1] === "number" ? s[1] : null;
}

interface Found {
  /** Layers reached upstream (through unnamed, non-matmul nodes). */
  readonly layers: Set<string>;
  /** (layer it reads, weight param) of each matmul reached. */
  readonly matmuls: { readonly from: string; readonly param: string }[];
}

/** What `n` is computed from: the nearest layers upstream and the matmuls on the way. */
function upstream(n: Node, byId: ReadonlyMap<string, Node>, isLayer: (id: string) => boolean): Found {
  const found: Found = { layers: new Set(), matmuls: [] };
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const m = byId.get(id);
    if (m === undefined || m.op === "param" || m.op === "buffer") return;
    if (isLayer(id)) {
      found.layers.add(id);
      return;
    }
    if (m.op === "matmul") {
      const [a, w] = m.inputs.map((i) => byId.get(i));
      const from = a === undefined ? undefined : nearestLayer(a, byId, isLayer);
      if (from !== undefined && w?.op === "param") {
        found.matmuls.push({ from, param: w.id });
        return;
      }
    }
    for (const i of m.inputs) visit(i);
  };
  for (const i of n.inputs) visit(i);
  return found;
}

/** The layer a value is (or is a reshaping of: one non-parameter input at each step up). */
function nearestLayer(n: Node, byId: ReadonlyMap<string, Node>, isLayer: (id: string) => boolean): string | undefined {
  for (let m: Node | undefined = n; m !== undefined; ) {
    if (isLayer(m.id)) return m.id;
    const ins: Node[] = m.inputs.map((i) => byId.get(i)).filter((x): x is Node => x !== undefined && x.op !== "param" && x.op !== "buffer");
    if (ins.length !== 1) return undefined;
    m = ins[0];
  }
  return undefined;
}

/** The network from `input` to the output named `output`, or null when it is not a stack of dense layers. */
export function netOf(graph: Graph, input: string, output: string): Net | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outId = graph.outputs.find((o) => o.name === output)?.id;
  const x = byId.get(input);
  if (outId === undefined || x === undefined || units(x) === null) return null;
  const candidates = new Set(graph.nodes.filter((n) => n.id === input || n.id === outId || (!FED.has(n.op) && !n.id.startsWith("%") && (units(n) ?? Infinity) <= MAX_UNITS)).map((n) => n.id));
  const isLayer = (id: string): boolean => candidates.has(id);
  // Each layer's sources, from the output back to the input.
  const order: string[] = [];
  const sources = new Map<string, Found>();
  const stack = [outId];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (sources.has(id) || id === input) continue;
    const f = upstream(byId.get(id)!, byId, isLayer);
    sources.set(id, f);
    order.push(id);
    for (const l of f.layers) stack.push(l);
    for (const m of f.matmuls) stack.push(m.from);
  }
  // Elementwise from one layer of the same width (h = tanh(z)): h takes z's place.
  const replaced = new Map<string, string>();
  for (const id of order) {
    const f = sources.get(id)!;
    const [only] = [...f.layers];
    if (f.matmuls.length === 0 && f.layers.size === 1 && only !== undefined && only !== input && units(byId.get(only)!) === units(byId.get(id)!)) replaced.set(only, id);
  }
  const shown = (id: string): string => {
    let s = id;
    while (replaced.has(s)) s = replaced.get(s)!;
    return s;
  };
  const ids = [input, ...graph.nodes.map((n) => n.id).filter((id) => sources.has(id) && !replaced.has(id))];
  const layers = ids.map((id) => ({ id, units: units(byId.get(id)!)! }));
  const index = new Map(ids.map((id, i) => [id, i]));
  const links: NetLink[] = [];
  for (const id of order) {
    for (const m of sources.get(id)!.matmuls) {
      const from = index.get(shown(m.from));
      const to = index.get(shown(id));
      const w = byId.get(m.param)!.type.shape;
      if (from === undefined || to === undefined || w[0] !== layers[from]!.units || w[1] !== layers[to]!.units) return null;
      links.push({ from, to, param: m.param });
    }
  }
  links.sort((a, b) => a.from - b.from || a.to - b.to);
  return links.length === 0 ? null : { layers, links };
}
