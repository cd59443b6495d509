/**
 * What generateModel decides before it emits any code: the phases, the value modes and the storage
 * plan, and from them the memory plan. `nnc check` needs only the memory plan, so planModelMemory
 * stops here; generateModel goes on from the same ModelPlan, so both report identical numbers.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimSymbols, reachingTo, type Graph, type GraphUpdate, type Node } from "@nnc/ir";
import type { MemoryTensor } from "@nnc/runtime";
import { bufferUpdates } from "./buffer-code.ts";
import type { CodegenInput } from "./input.ts";
import { kernelOf } from "./kernels/table.ts";
import { memoryPlan } from "./memory.ts";
import { kernelFor, planModes, type ModePlan } from "./plan.ts";
import { planStorage, type StoragePlan } from "./storage.ts";

/** The one symbolic dim of the graph (the batch), or null; more than one is not supported. */
function batchDimOf(g: Graph): string | null {
  const syms = new Set<string>(g.dims);
  for (const n of g.nodes) for (const d of n.type.shape) for (const s of dimSymbols(d)) syms.add(s);
  const used = [...syms].filter((s) => g.nodes.some((n) => n.type.shape.some((d) => dimSymbols(d).includes(s))));
  if (used.length > 1) throw new InternalCompilerError(`codegen: the graph uses ${used.length} symbolic dims (${used.join(", ")}); generated code supports one, the batch`);
  return used[0] ?? null;
}

export interface Phases {
  readonly forward: Set<string>;
  readonly tail: Set<string>;
  readonly backward: Set<string>;
  readonly graph: Graph;
}

/**
 * The three phases a method runs: forward (what the outputs need), the loss tail (what the loss needs
 * beyond that), backward (what the gradients need beyond both). Each phase's dependencies lie in it or
 * an earlier one, so nodes sorted stably by phase stay topological, and that order is the order the
 * storage plan reuses arrays in.
 */
function phases(g: Graph, outputs: readonly string[], loss: string | null, grads: readonly string[], updates: readonly string[]): Phases {
  const forward = reachingTo(g, outputs);
  const tail = new Set([...reachingTo(g, [...forward, ...(loss === null ? [] : [loss])])].filter((id) => !forward.has(id)));
  // Buffer updates (`next` values) are computed with the gradients: only trainStep runs this phase.
  const backward = new Set([...reachingTo(g, [...forward, ...tail, ...grads, ...updates])].filter((id) => !forward.has(id) && !tail.has(id)));
  const rank = (id: string): number => (forward.has(id) ? 0 : tail.has(id) ? 1 : backward.has(id) ? 2 : 3);
  const nodes = g.nodes.map((n, i) => ({ n, i })).sort((a, b) => rank(a.n.id) - rank(b.n.id) || a.i - b.i).map((e) => e.n);
  return { forward, tail, backward, graph: { ...g, nodes } };
}

export interface ModelPlan {
  readonly ph: Phases;
  /** The graph with its nodes in phase order. */
  readonly g: Graph;
  readonly byId: ReadonlyMap<string, Node>;
  readonly batchDim: string | null;
  readonly lossId: string | null;
  readonly grads: readonly [string, string][];
  readonly updates: readonly GraphUpdate[];
  readonly plan: ModePlan;
  readonly storage: StoragePlan;
  /** The arrays the class allocates (memory.ts). */
  readonly memory: MemoryTensor[];
}

export function planModel(input: CodegenInput): ModelPlan {
  const byIdIn = new Map(input.graph.nodes.map((n) => [n.id, n]));
  const lossId = input.loss !== null && byIdIn.has(input.loss) ? input.loss : null;
  const grads = Object.entries(input.grads);
  const outputs = input.outputs;
  const updates = bufferUpdates(input.graph, lossId !== null && grads.length > 0);
  const ph = phases(input.graph, outputs.map((o) => o.id), lossId, grads.map(([, id]) => id), updates.map((u) => u.value));
  const g = ph.graph;
  const batchDim = batchDimOf(g);
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const pinned = new Set<string>([...outputs.map((o) => o.id), ...(lossId === null ? [] : [lossId]), ...grads.map(([, id]) => id), ...updates.map((u) => u.value)]);
  const sources = g.nodes.filter((n) => kernelOf(n.op)?.kind === "source").map((n) => n.id);
  const live = new Set([...ph.forward, ...ph.tail, ...ph.backward, ...sources]);
  const plan = planModes(g, live, pinned);
  const storage = planStorage(plan, input.dtype, (id) => {
    const n = byId.get(id)!;
    const k = kernelFor(n);
    return k.kind === "call" && k.scratch !== undefined ? k.scratch(n, n.inputs.map((i) => byId.get(i)!)) : [];
  });
  const memory = memoryPlan({ g, storage, grads, optimizer: input.train?.update ?? null, dtype: input.dtype });
  return { ph, g, byId, batchDim, lossId, grads, updates, plan, storage, memory };
}

/** The memory plan of the class generateModel(input) would return, without generating its code. */
export function planModelMemory(input: CodegenInput): MemoryTensor[] {
  return planModel(input).memory;
}
