import { describe, expect, it } from "vitest";
import type { Span } from "@nnc/diagnostics";
import type { BlockDecl, Expr, Ident } from "@nnc/syntax";
import { findRecursion } from "./block-checks.ts";
import { DiagnosticSink } from "./context.ts";
import { MAX_BLOCK_DEPTH, MAX_DIM, MAX_LOWER_DEPTH } from "./limits.ts";
import { checkText, codes, lowerText, typeOf } from "./test-helpers.ts";

const spiral = (settings: string, type = "f32[B, 2]"): string =>
  `dim B\nmodel M(x: ${type}) -> (y: f32[B, 2]) {\n  param w: f32[2, 2]\n  y = x @ w\n}\ntrain M {\n  input label: i32[B]\n  loss = mean(cross_entropy(y, label))\n  optimizer = adam()\n${settings}}\n`;

/** `n` blocks, each calling the one before: L0 … L(n-1); the model calls the last. */
function blockChain(n: number): string {
  const parts = ["block L0(x: f32[2]) -> f32[2] {\n  return relu(x)\n}\n"];
  for (let i = 1; i < n; i++) parts.push(`block L${i}(x: f32[2]) -> f32[2] {\n  h = L${i - 1}(x)\n  return h\n}\n`);
  parts.push(`model M(x: f32[2]) -> (y: f32[2]) {\n  y = L${n - 1}(x)\n}\n`);
  return parts.join("");
}

describe("sizes are diagnostics, not typed-array errors later", () => {
  it.each([
    ["20 digits", "99999999999999999999"],
    ["2^64", "18446744073709551616"],
    ["2^31", String(2 ** 31)],
  ])("a dimension of %s is E0314 at the literal, naming it as written", (_name, dim) => {
    const text = `model M(x: f32[3, ${dim}]) -> (y: f32[3, ${dim}]) {\n  y = x\n}\n`;
    const r = checkText(text);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(["E0314 1:19", `E0314 1:${36 + dim.length}`]);
    expect(r.diagnostics[0]!.message).toBe(`dimension \`${dim}\` is larger than ${MAX_DIM} (2^31 - 1), the largest allowed`);
    expect(r.models).toEqual([]);
  });

  it("the largest dimension is accepted", () => {
    expect(typeOf(lowerText(`model M(x: f32[${MAX_DIM}]) -> (y: f32[${MAX_DIM}]) {\n  y = relu(x)\n}\n`), "y")).toBe(`f32[${MAX_DIM}]`);
  });

  it("a symbolic dim with a huge coefficient is E0314", () => {
    expect(codes("dim B\nmodel M(x: f32[99999999999 * B]) -> (y: f32[99999999999 * B]) {\n  y = x\n}\n")).toEqual(["E0314 2:16", "E0314 2:45"]);
  });

  it("more than 2^32 elements is E0315: in a declared type, a param, and a computed value", () => {
    const text = `model M(a: f32[100000, 1], b: f32[1, 100000]) -> (y: f32[1]) {\n  param W: f32[100000, 100000]\n  big = a @ b\n  y = sum(big, axis = 0)[0:1]\n}\nmodel N(x: f32[70000, 70000]) -> (y: f32[1]) {\n  y = x[0, 0:1]\n}\n`;
    const r = checkText(text);
    const e0315 = r.diagnostics.filter((d) => d.code === "E0315").map((d) => `${d.span.line}:${d.span.column} ${d.message}`);
    expect(e0315).toEqual([
      "2:12 `f32[100000, 100000]` has 1.00e+10 elements, more than 4294967296 (2^32), the most one tensor may hold",
      "3:9 the result of `matmul` has 1.00e+10 elements, more than 4294967296 (2^32), the most one tensor may hold",
      "6:12 `f32[70000, 70000]` has 4.90e+9 elements, more than 4294967296 (2^32), the most one tensor may hold",
    ]);
  });

  it("`batch = 1e12` is E0407 at the value, naming the range; 2^31 - 1 passes", () => {
    const r = checkText(spiral("  batch = 1e12\n"));
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([
      "E0407 10:11 `batch` must be a whole number from 1 to 2147483647, but this is the number 1000000000000",
    ]);
    expect(codes(spiral(`  batch = ${2 ** 31 - 1}\n`))).toEqual([]);
  });

  it("`spirals(n = 1e12)` is refused at check time (E0411), as the runtime would refuse it", () => {
    expect(codes(spiral("  data = spirals(n = 1e12)\n"))).toEqual(["E0411 10:22"]);
    expect(codes(spiral("  data = blobs(n = 100, classes = 1e9)\n"))).toEqual(["E0411 10:35"]);
    expect(codes(spiral("  data = spirals(n = 10000000, classes = 2)\n"))).toEqual([]);
  });
});

describe("nesting is bounded while lowering: diagnostics, no stack overflow", () => {
  it(`2,000 nested block calls: one E0316 at call ${MAX_BLOCK_DEPTH + 1}, labelled with the outermost call`, () => {
    const r = checkText(blockChain(2000));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0316"]);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe(`block calls nested more than ${MAX_BLOCK_DEPTH} deep`);
    expect(d.labels.map((l) => `${l.span.line} ${l.message}`)).toEqual([`${4 * 2000 + 1} the outermost call`]);
    expect(d.notes[0]).toBe("the nest: `L1999` → `L1998` → `L1997` → `…` → `L1900` → `L1899`");
  });

  it(`${MAX_BLOCK_DEPTH} nested block calls are fine`, () => {
    expect(checkText(blockChain(MAX_BLOCK_DEPTH)).diagnostics).toEqual([]);
  });

  it(`an expression deep inside a deep block call: E0317 past ${MAX_LOWER_DEPTH} levels, reported once`, () => {
    const text = `block deep(x: f32[2]) -> f32[2] {\n  return ${"-".repeat(400)}x\n}\nmodel M(x: f32[2]) -> (y: f32[2], z: f32[2]) {\n  y = ${"-".repeat(300)}deep(x)\n  z = ${"-".repeat(300)}deep(x)\n}\n`;
    const r = checkText(text);
    expect(r.syntax).toEqual([]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}`)).toEqual(["E0317 2"]);
    expect(r.diagnostics[0]!.labels.map((l) => l.message)).toEqual(["in this call of `deep`"]);
  });

  it("a call chain of 30,000 blocks (the recursive search overflowed at 20,000) is searched for cycles without recursion", () => {
    const span: Span = { file: "t.nn", start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const ident = (name: string): Ident => ({ kind: "Ident", name, span });
    const call = (name: string): Expr => ({ kind: "Call", callee: ident(name), args: [], named: [], piped: false, span });
    const blocks = new Map<string, BlockDecl>();
    for (let i = 0; i < 30000; i++) {
      const value = i === 0 ? ({ kind: "Name", name: "x", span } as const) : call(`L${i - 1}`);
      blocks.set(`L${i}`, { kind: "Block", name: ident(`L${i}`), params: [], returnType: { kind: "TensorType", dtype: ident("f32"), dims: [], bracketed: false, span }, body: [{ kind: "Return", value, span }], span });
    }
    const sink = new DiagnosticSink();
    expect(findRecursion(sink, blocks).size).toBe(0);
    blocks.set("L0", { ...blocks.get("L0")!, body: [{ kind: "Return", value: call("L29999"), span }] });
    expect(findRecursion(sink, blocks).size).toBe(30000);
    expect(sink.list.map((d) => d.code)).toEqual(["E0111"]);
  });
});

describe("inlining is bounded: nested forms multiply", () => {
  it("a repeat of 4,096 over a 4,096-step scan is E0123 once, at the form where inlining stopped", () => {
    const text = `dim B
block cell(x: f32[B, 2], h: f32[B, 2]) -> f32[B, 2] {
  return tanh(x + h)
}
block deep(z: f32[B, 4096, 2]) -> f32[B, 4096, 2] {
  hs = scan(cell, z, init = z[:, 0], axis = 1)
  return hs
}
model M(x: f32[B, 4096, 2]) -> (y: f32[B, 4096, 2]) {
  y = x |> repeat(deep, times = 4096)
}
`;
    const r = checkText(text);
    expect(codes(text)).toEqual(["E0123 6:8"]);
    expect(r.diagnostics[0]?.labels.map((l) => l.message)).toEqual(["in this call of `deep`"]);
  });

  it("a model below the budget is unaffected: 64 steps of a cell lower without diagnostics", () => {
    const text = `dim B
block cell(x: f32[B, 2], h: f32[B, 2]) -> f32[B, 2] {
  return tanh(x + h)
}
model M(x: f32[B, 64, 2], h0: f32[B, 2]) -> (y: f32[B, 64, 2]) {
  y = scan(cell, x, init = h0, axis = 1)
}
`;
    expect(codes(text)).toEqual([]);
  });
});
