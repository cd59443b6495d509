/**
 * Test support for the built-in functions: lower a one-model program in float64, evaluate it with the
 * reference interpreter, differentiate it, and run its generated code on fixed inputs.
 */
import { expect } from "vitest";
import { SourceFile } from "@nnc/diagnostics";
import { interpret } from "@nnc/interp";
import { checkProgram, type LoweredModel } from "@nnc/lower";
import { tensor, type Tensor } from "@nnc/ops";
import type { FloatArray } from "@nnc/runtime";
import { parse } from "@nnc/syntax";
import { generateFrom, loadClass } from "./codegen/test-harness.ts";
import type { Feeds } from "./gradcheck-helpers.ts";

export function lowerModel(text: string): LoweredModel {
  const source = new SourceFile("t.nn", text);
  const checked = checkProgram(parse(source).program, source, { dtype: "f64" });
  expect(checked.diagnostics.map((d) => d.message)).toEqual([]);
  return checked.models[0]!;
}

/** Diagnostics (code and message) of checking `text`. */
export function diagnosticsOf(text: string): { code: string; message: string }[] {
  const source = new SourceFile("t.nn", text);
  const checked = checkProgram(parse(source).program, source, { dtype: "f64" });
  return checked.diagnostics.map((d) => ({ code: d.code, message: d.message }));
}

export function outputId(m: LoweredModel, name: string): string {
  const o = m.graph.outputs.find((x) => x.name === name);
  if (o === undefined) throw new Error(`no output ${name}`);
  return o.id;
}

/** The interpreter's value of output `name`. */
export function evalOutput(m: LoweredModel, feeds: Feeds, name: string): Tensor {
  return interpret(m.graph, feeds).get(outputId(m, name))!;
}

/** Nested arrays → a tensor (row-major). */
export function fromNested(v: unknown): Tensor {
  const shape: number[] = [];
  for (let cur = v; Array.isArray(cur); cur = cur[0]) shape.push(cur.length);
  const flat = (Array.isArray(v) ? v.flat(Infinity) : [v]) as number[];
  return tensor(shape, flat);
}

/** Forward outputs of the generated code (js target, float64 arrays) on `feeds`; no batch dim. */
export function generatedOutputs(m: LoweredModel, feeds: Feeds): Record<string, FloatArray> {
  const gen = generateFrom({ model: m, grad: null, optimizer: null, dtype: "f64", target: "js", source: { file: "t.nn" } });
  const Cls = loadClass(gen.code, gen.className);
  const cm = new Cls(1);
  for (const [name, t] of Object.entries(feeds)) cm.inputs[name]!.set(t.data);
  cm.forward(1);
  return Object.fromEntries(m.graph.outputs.map((o) => [o.name, cm.outputs[o.name]!]));
}
