import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Span } from "@nnc/diagnostics";
import { dimAdd, dimMul, sym, type Dim } from "./dim.ts";
import type { AttrValue, Graph, GraphOutput, GraphUpdate, Node, Origin, ParamInit, Step } from "./graph.ts";
import { DTYPES, type TensorType } from "./types.ts";
import { printGraph } from "./printer.ts";
import { isParseError, parseGraph } from "./parser.ts";

const SYMS = ["B", "T", "N"];
const NAMES = ["h", "logits", "h1.W", "dW1", "x_1", "a b", "input", "param", "buffer", "next", "return", "init", "true", "of", "%z", 'q"uote', "@at"];
const OPS = ["input", "param", "buffer", "const", "dropout_mask", "add", "matmul", "broadcast", "reduce_sum", "weird op"];
const FILES = ["mnist-mlp.nn", "my file.nn", "a:1:2.nn", "", "←.nn", '"q".nn', "@x.nn", "x@[1/2].nn"];
const GROUPS = ["hs", "y", "h1.W", "a b", "true", "[", "@", "%3", 'q"'];
const RULES = ["matmul.vjp.lhs", "add.vjp", "of", "two words", "←"];

const arbDim: fc.Arbitrary<Dim> = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc
    .array(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.subarray(SYMS)), { minLength: 1, maxLength: 3 })
    .map((terms) => terms.reduce<Dim>((acc, [c, syms]) => dimAdd(acc, syms.map(sym).reduce<Dim>(dimMul, c)), 0)),
);
const arbType: fc.Arbitrary<TensorType> = fc.record({ dtype: fc.constantFrom(...DTYPES), shape: fc.array(arbDim, { maxLength: 3 }) });
const arbAttr: fc.Arbitrary<AttrValue> = fc.oneof(fc.double(), fc.boolean(), fc.string(), arbDim, fc.array(fc.oneof(arbDim, fc.double()), { maxLength: 3 }));
const arbAttrs = fc.dictionary(fc.constantFrom("axis", "shape", "perm", "value", "role", "dtype", "transA", "alpha", "weird key"), arbAttr, { maxKeys: 4 });
const arbInit: fc.Arbitrary<ParamInit> = fc.oneof(
  fc.constantFrom("zeros", "ones", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal").map((kind) => ({ kind })),
  fc.double().map((value) => ({ kind: "constant" as const, value })),
  fc.record({ kind: fc.constant("normal" as const), mean: fc.double(), std: fc.double() }),
  fc.record({ kind: fc.constant("uniform" as const), low: fc.double(), high: fc.double() }),
  fc.array(fc.double(), { maxLength: 4 }).map((values) => ({ kind: "values" as const, values })),
);
const arbSpan: fc.Arbitrary<Span> = fc
  .record({ file: fc.constantFrom(...FILES), line: fc.nat(200), column: fc.nat(90), lines: fc.nat(2), endColumn: fc.nat(90) })
  .map(({ file, line, column, lines, endColumn }) => ({ file, start: 0, end: 0, line: line + 1, column: column + 1, endLine: line + 1 + lines, endColumn: endColumn + 1 }));

interface RawNode {
  name: string | null;
  op: string;
  inputs: number[];
  attrs: Record<string, AttrValue>;
  type: TensorType;
  span: Span | null;
  origin: { rule: string; forward: number } | null;
  step: Step | null;
  init: ParamInit | null;
}

const arbRawNode: fc.Arbitrary<RawNode> = fc.record({
  name: fc.option(fc.constantFrom(...NAMES)),
  op: fc.constantFrom(...OPS),
  inputs: fc.array(fc.nat(), { maxLength: 3 }),
  attrs: arbAttrs,
  type: arbType,
  span: fc.option(arbSpan),
  origin: fc.option(fc.record({ rule: fc.constantFrom(...RULES), forward: fc.nat() })),
  step: fc.option(fc.record({ group: fc.constantFrom(...GROUPS), index: fc.nat(100), count: fc.nat(100) })),
  init: fc.option(arbInit),
});

/** A graph with unique ids, operands among earlier nodes, and redundant dtype/shape where the printer hides them. */
function buildGraph(raw: RawNode[], name: string, outputs: [number, string | null][], orphan: ParamInit | null, next: [number, number][]): Graph {
  const nodes: Node[] = [];
  const inits: Record<string, ParamInit> = {};
  for (const [i, r] of raw.entries()) {
    const id = r.name === null ? `%${i}` : nodes.some((n) => n.id === r.name) ? `${r.name}${i}` : r.name;
    const source = ["input", "param", "buffer", "const", "dropout_mask"].includes(r.op);
    const inputs = i === 0 || (source && r.inputs.length % 2 === 0) ? [] : r.inputs.map((k) => nodes[k % i]!.id);
    const attrs = source && !("dtype" in r.attrs) && !("shape" in r.attrs) ? { ...r.attrs, dtype: r.type.dtype, shape: r.type.shape } : r.attrs;
    const origin: Origin | undefined = r.origin === null ? undefined : { rule: r.origin.rule, forward: i === 0 ? "x" : nodes[r.origin.forward % i]!.id };
    nodes.push({ id, op: r.op, inputs, attrs, type: r.type, ...(r.span === null ? {} : { span: r.span }), ...(origin === undefined ? {} : { origin }), ...(r.step === null ? {} : { step: r.step }) });
    if ((r.op === "param" || r.op === "buffer") && r.init !== null) inits[id] = r.init;
  }
  if (orphan !== null) inits["orphan.W"] = orphan;
  const outs: GraphOutput[] = nodes.length === 0 ? [] : outputs.map(([k, n]) => ({ name: n ?? nodes[k % nodes.length]!.id, id: nodes[k % nodes.length]!.id }));
  // Updates are printed generically: any two ids, in order (the verifier, not the text form, checks them).
  const updates: GraphUpdate[] = nodes.length === 0 ? [] : next.map(([b, v]) => ({ buffer: nodes[b % nodes.length]!.id, value: nodes[v % nodes.length]!.id }));
  return { name, nodes, outputs: outs, inits, ...(updates.length === 0 ? {} : { updates }), dims: SYMS.slice(0, nodes.length % 4) };
}

const arbGraph: fc.Arbitrary<Graph> = fc
  .tuple(
    fc.array(arbRawNode, { maxLength: 10 }),
    fc.constantFrom("Mlp", "main", "my graph"),
    fc.array(fc.tuple(fc.nat(), fc.option(fc.constantFrom("loss", "d W", "logits"))), { maxLength: 3 }),
    fc.option(arbInit),
    fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
  )
  .map(([raw, name, outs, orphan, next]) => buildGraph(raw, name, outs, orphan, next));

describe("text form round trip", () => {
  it("parse(print(g)) equals g and print(parse(print(g))) equals print(g)", () => {
    fc.assert(
      fc.property(arbGraph, (g) => {
        const text = printGraph(g);
        const back = parseGraph(text);
        if (isParseError(back)) throw new Error(`${back.error} at ${back.line}:${back.column}\n${text}`);
        expect(back).toEqual(g);
        expect(printGraph(back)).toBe(text);
      }),
      { numRuns: 400 },
    );
  });

  it("keeps -0, NaN, infinities and the shortest repr of doubles", () => {
    const values = [-0, NaN, Infinity, -Infinity, 5e-324, 1.7976931348623157e308, 0.1, -1e-7, 1e21, 123456789.125];
    for (const value of values) {
      const g: Graph = { name: "g", nodes: [{ id: "c", op: "const", inputs: [], attrs: { value, dtype: "f64", shape: [] }, type: { dtype: "f64", shape: [] } }], outputs: [], inits: {}, dims: [] };
      const back = parseGraph(printGraph(g));
      if (isParseError(back)) throw new Error(back.error);
      expect(Object.is(back.nodes[0]!.attrs.value, value)).toBe(true);
    }
  });
});
