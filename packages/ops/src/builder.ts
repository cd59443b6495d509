import { InternalCompilerError, type Span } from "@nnc/diagnostics";
import { typeToString, type Attrs, type Graph, type GraphOutput, type GraphUpdate, type Node, type Origin, type ParamInit, type Step, type TensorType } from "@nnc/ir";
import { isTypeError, type TypeRuleError, type TypeRuleLookup } from "./type-rule.ts";

export interface AddOptions {
  /** Preferred id (a source name like `h` or `dW1`); made unique with a suffix if taken. */
  readonly name?: string;
  readonly span?: Span;
  readonly origin?: Origin;
  readonly step?: Step;
}

/**
 * Appends nodes to a graph, deriving every node's type from its op's type rule. Used by lowering,
 * by VJP rules (to emit backward nodes) and by passes. While `origin`/`span` defaults are set
 * (see `withProvenance`), every node added inherits them.
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly byId = new Map<string, Node>();
  private counter = 0;
  private provenance: { span?: Span; origin?: Origin; step?: Step } = {};
  private readonly updates: GraphUpdate[] = [];

  constructor(
    readonly lookup: TypeRuleLookup,
    readonly name = "main",
    /** By param id, without a prototype (`__proto__` is a name like any other). */
    private readonly inits: Record<string, ParamInit> = Object.create(null) as Record<string, ParamInit>,
    readonly dims: string[] = [],
  ) {}

  /** Starts from an existing graph's nodes (for passes that extend a graph, e.g. autodiff). */
  static from(lookup: TypeRuleLookup, g: Graph): GraphBuilder {
    const b = new GraphBuilder(lookup, g.name, Object.assign(Object.create(null) as Record<string, ParamInit>, g.inits), [...g.dims]);
    for (const n of g.nodes) b.push(n);
    for (const u of g.updates ?? []) b.addUpdate(u);
    return b;
  }

  get(id: string): Node {
    const n = this.byId.get(id);
    if (n === undefined) throw new InternalCompilerError(`unknown value ${id}`);
    return n;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  type(id: string): TensorType {
    return this.get(id).type;
  }

  all(): readonly Node[] {
    return this.nodes;
  }

  /** A fresh id: `name` if free, else `name_1`, `name_2`, …; `%N` when no name is given. */
  freshId(name?: string): string {
    if (name === undefined) {
      while (this.byId.has(`%${this.counter}`)) this.counter++;
      return `%${this.counter++}`;
    }
    if (!this.byId.has(name)) return name;
    for (let i = 1; ; i++) if (!this.byId.has(`${name}_${i}`)) return `${name}_${i}`;
  }

  /** Runs `f` with every node it adds carrying `span`, `origin` and `step` (those given). */
  withProvenance<T>(p: { span?: Span; origin?: Origin; step?: Step }, f: () => T): T {
    const saved = this.provenance;
    this.provenance = p;
    try {
      return f();
    } finally {
      this.provenance = saved;
    }
  }

  /** Type of `op` applied to `inputs`, or the rule's error; adds nothing. */
  infer(op: string, inputs: readonly string[], attrs: Attrs = {}): TensorType | TypeRuleError {
    const def = this.lookup(op);
    if (def === undefined) return { error: `unknown op '${op}'`, code: "E0900" };
    if (def.arity !== "variadic" && def.arity !== inputs.length) {
      return { error: `op '${op}' takes ${def.arity} operands, got ${inputs.length}`, code: "E0900" };
    }
    return def.type(inputs.map((i) => this.type(i)), attrs);
  }

  /** Adds a node; a type error here is a compiler bug (user errors are caught with `infer` first). */
  add(op: string, inputs: readonly string[], attrs: Attrs = {}, opts: AddOptions = {}): string {
    const t = this.infer(op, inputs, attrs);
    if (isTypeError(t)) {
      const operands = inputs.map((i) => `${i}: ${typeToString(this.type(i))}`).join(", ");
      throw new InternalCompilerError(`ill-typed ${op}(${operands}): ${t.error}`, opts.span ?? this.provenance.span);
    }
    return this.addTyped(op, inputs, attrs, t, opts);
  }

  /** Adds a node whose type is already known (inputs, params, nodes copied from another graph). */
  addTyped(op: string, inputs: readonly string[], attrs: Attrs, type: TensorType, opts: AddOptions = {}): string {
    const span = opts.span ?? this.provenance.span;
    const origin = opts.origin ?? this.provenance.origin;
    const step = opts.step ?? this.provenance.step;
    const node: Node = {
      id: this.freshId(opts.name),
      op,
      inputs: [...inputs],
      attrs,
      type,
      ...(span === undefined ? {} : { span }),
      ...(origin === undefined ? {} : { origin }),
      ...(step === undefined ? {} : { step }),
    };
    this.push(node);
    return node.id;
  }

  /** Appends an already-built node, keeping its id (which must be free). */
  push(node: Node): void {
    if (this.byId.has(node.id)) throw new InternalCompilerError(`duplicate value id ${node.id}`, node.span);
    this.nodes.push(node);
    this.byId.set(node.id, node);
  }

  setInit(paramId: string, init: ParamInit): void {
    this.inits[paramId] = init;
  }

  /** Records a `next` statement: after a training step, `buffer` takes `value`. */
  addUpdate(update: GraphUpdate): void {
    this.updates.push(update);
  }

  finish(outputs: readonly GraphOutput[], updates: readonly GraphUpdate[] = this.updates): Graph {
    const g: Graph = { name: this.name, nodes: [...this.nodes], outputs: [...outputs], inits: Object.assign(Object.create(null) as Record<string, ParamInit>, this.inits), dims: [...this.dims] };
    return updates.length === 0 ? g : { ...g, updates: [...updates] };
  }
}
