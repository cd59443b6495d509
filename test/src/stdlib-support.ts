/**
 * Test support for the standard library's blocks: the library's block names (parsed from
 * packages/lower/stdlib/*.nn, the files the compiler embeds), and the PyTorch reference cases of
 * test/reference/stdlib.json turned into one-model programs.
 */
import { readdirSync, readFileSync } from "node:fs";
import { SourceFile } from "@nnc/diagnostics";
import { parse } from "@nnc/syntax";
import { tensor, type Tensor } from "@nnc/ops";
import { fromNested } from "./v02-builtins-support.ts";

const STDLIB = new URL("../../packages/lower/stdlib/", import.meta.url);

/** Every block the standard library declares (in file order) with its `##` doc comment. */
export function libraryDocs(): { name: string; doc: string }[] {
  const out: { name: string; doc: string }[] = [];
  for (const f of readdirSync(STDLIB).filter((n) => n.endsWith(".nn")).sort()) {
    const parsed = parse(new SourceFile(`nnc:std/${f}`, readFileSync(new URL(f, STDLIB), "utf8")));
    for (const item of parsed.program.items) if (item.kind === "Block") out.push({ name: item.name.name, doc: item.doc ?? "" });
  }
  return out;
}

/** Every block the standard library declares. */
export function libraryBlocks(): string[] {
  return libraryDocs().map((b) => b.name);
}

export interface TorchInput {
  readonly dtype: "f32" | "i32";
  readonly value: unknown;
}

/** One case of stdlib.json (made by scripts/torch-reference/make-stdlib.py). */
export interface TorchCase {
  readonly name: string;
  readonly block: string;
  /** The statement of the model's body, binding the outputs (`y = dense(x, out = 5)`). */
  readonly statement: string;
  readonly training: boolean;
  readonly inputs: Readonly<Record<string, TorchInput>>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly buffers: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
  /** The buffers after a training step (batch norm's running statistics). */
  readonly buffers_after: Readonly<Record<string, unknown>>;
}

const FILE = new URL("../reference/stdlib.json", import.meta.url);

export function torchCases(): { dtype: string; cases: TorchCase[] } {
  return JSON.parse(readFileSync(FILE, "utf8")) as { dtype: string; cases: TorchCase[] };
}

/** `[B, 4, 5]` for a value of shape [3, 4, 5]: the first axis is the batch dim. */
function batchType(dtype: string, v: unknown): string {
  const shape = fromNested(v).shape;
  return `${dtype}[${["B", ...shape.slice(1)].join(", ")}]`;
}

/**
 * The case as a program: `dim B`, a model whose inputs and outputs are the case's (batch first), its
 * statement as the body, and (for a training step) a train section so the generated class has trainStep.
 */
export function caseProgram(c: TorchCase): string {
  const ins = Object.entries(c.inputs).map(([n, i]) => `${n}: ${batchType(i.dtype, i.value)}`);
  const outs = Object.entries(c.outputs).map(([n, v]) => `${n}: ${batchType("f32", v)}`);
  const lines = ["dim B", `model M(${ins.join(", ")}) -> (${outs.join(", ")}) {`, `  ${c.statement}`, "}"];
  if (c.training) lines.push("train M {", "  loss = sum(y)", "  optimizer = sgd(lr = 0.1)", "}");
  return lines.join("\n") + "\n";
}

/** The batch size of a case (the first axis of its first input). */
export function caseRows(c: TorchCase): number {
  return fromNested(Object.values(c.inputs)[0]!.value).shape[0]!;
}

/** Inputs, params and buffers of a case as interpreter feeds (ids are names and parameter paths). */
export function caseFeeds(c: TorchCase): Record<string, Tensor> {
  const feeds: Record<string, Tensor> = {};
  for (const [n, i] of Object.entries(c.inputs)) feeds[n] = fromNested(i.value);
  for (const [n, v] of Object.entries({ ...c.params, ...c.buffers })) {
    const t = fromNested(v);
    feeds[n] = tensor(t.shape, t.data);
  }
  return feeds;
}

/** max |got − want| / max(|want|, 1): values of size ~1 come out of sums whose order differs from PyTorch's. */
export function maxError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(want[i]!), 1);
    if (!(e <= worst)) worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
  }
  return worst;
}
