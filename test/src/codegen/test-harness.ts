/**
 * Test support (not part of the build): compiles generated JS in-process, feeds it random data and
 * compares it with the float64 reference interpreter.
 */
import { runInThisContext } from "node:vm";
import { expect } from "vitest";
import { explainBackward, type GradResult } from "@nnc/autodiff";
import { generateModel, type GeneratedModel } from "@nnc/codegen-ts";
import { sym, type DType, type Graph, type Node } from "@nnc/ir";
import { interpret } from "@nnc/interp";
import type { LoweredModel } from "@nnc/lower";
import { mulberry32, tensor, type OptimizerChoice, type Tensor } from "@nnc/ops";
import type { ClipSetting } from "@nnc/runtime/core";
import type { CompiledModel, FloatArray } from "@nnc/runtime";

/** The inputs of the old generateModel, as tests build them from lowering and autodiff. */
export interface FromModel {
  readonly model: Pick<LoweredModel, "name" | "graph"> & { readonly train?: { readonly loss: string } };
  readonly grad: GradResult | null;
  readonly optimizer: OptimizerChoice | null;
  readonly clip?: ClipSetting | null;
  readonly dtype: "f32" | "f64";
  readonly target: "ts" | "js";
  readonly source: { readonly file: string };
  readonly reserved?: readonly string[];
}

/** generateModel's plain-data input from a lowered model and its (unoptimised) gradient, as the compiler builds it. */
export function generateFrom(f: FromModel): GeneratedModel {
  return generateModel({
    name: f.model.name,
    graph: f.grad?.graph ?? f.model.graph,
    outputs: f.model.graph.outputs,
    loss: f.model.train?.loss ?? null,
    grads: f.grad?.grads ?? {},
    train: f.optimizer === null ? null : { update: { optimizer: f.optimizer, clip: f.clip ?? null }, lr: Number(f.optimizer.args["lr"]) },
    explanation: f.grad === null ? [] : explainBackward(f.grad),
    dtype: f.dtype,
    target: f.target,
    source: f.source,
    ...(f.reserved === undefined ? {} : { reserved: f.reserved }),
  });
}

export type Generated = CompiledModel & { readonly grads: Readonly<Record<string, FloatArray>>; seedDropout(seed: number): void };
export type GeneratedClass = new (maxBatch: number) => Generated;

/** Evaluates the js target and returns its class. */
export function loadClass(code: string, className: string): GeneratedClass {
  const cls: unknown = runInThisContext(`(() => {\n"use strict";\n${code}\nreturn ${className};\n})()`);
  return cls as GeneratedClass;
}

/**
 * Wraps the SIMD helpers `names` (static methods returning whether their WebAssembly kernel ran) of
 * class `Cls` so that each one that returns true is recorded in the set returned.
 */
export function recordSimdRuns(Cls: GeneratedClass, names: readonly string[]): Set<string> {
  const ran = new Set<string>();
  for (const name of names) {
    const helper: unknown = Reflect.get(Cls, name);
    if (typeof helper !== "function") throw new Error(`the class has no helper ${name}`);
    Reflect.set(Cls, name, (...args: unknown[]): unknown => {
      const took: unknown = Reflect.apply(helper, Cls, args);
      if (took === true) ran.add(name);
      return took;
    });
  }
  return ran;
}

/**
 * One training step of a fresh model of class `Cls` (batch rows, params from `seed`; inputs x = sin(0.37·i)·3
 * and t = cos(0.11·i)), run twice: with the class's buffers in its WebAssembly memory (its SIMD and lane
 * kernels run) and as plain arrays (they decline, the JavaScript loops run). Returns both models.
 */
export function trainedBothWays(Cls: GeneratedClass, batch: number, seed: number): { readonly lanes: Generated; readonly plain: Generated } {
  const trained = (): Generated => {
    const cm = new Cls(batch);
    cm.initParams(seed);
    const x = cm.inputs["x"]!;
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 3;
    const t = cm.inputs["t"]!;
    for (let i = 0; i < t.length; i++) t[i] = Math.cos(i * 0.11);
    cm.trainStep(batch);
    return cm;
  };
  const lanes = trained();
  const original: unknown = Reflect.get(Cls, "simdArrays");
  Reflect.set(Cls, "simdArrays", (specs: readonly (readonly [new (n: number) => Float32Array, number])[]) => specs.map(([C, n]) => new C(n)));
  try {
    return { lanes, plain: trained() };
  } finally {
    Reflect.set(Cls, "simdArrays", original);
  }
}

/** The gradients `names` of the two runs of trainedBothWays are equal bit for bit (and not all zero). */
export function expectSameGradients(lanes: Generated, plain: Generated, names: readonly string[]): void {
  expect(lanes.params[names[0]!]!.buffer, "the lanes run keeps its arrays in WebAssembly memory").toBe(lanes.inputs["x"]!.buffer);
  expect(plain.params[names[0]!]!.buffer, "the plain run does not").not.toBe(plain.inputs["x"]!.buffer);
  for (const name of names) {
    const [a, p] = [lanes.grads[name]!, plain.grads[name]!];
    expect(p.some((v) => v !== 0), name).toBe(true);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], p[i])) throw new Error(`${name}[${i}]: ${a[i]} in lanes, ${p[i]} in JavaScript`);
  }
}

export const SPAN = { file: "t.nn", start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Plain sgd with lr 0: trainStep computes the gradients and leaves the parameters as they are. */
export const NO_OPTIMIZER: OptimizerChoice = { kind: "sgd", args: { lr: 0, momentum: 0, nesterov: false, weight_decay: 0 }, decayAll: false };

/** `NO_OPTIMIZER` with another learning rate. */
export const sgd = (lr: number): OptimizerChoice => ({ ...NO_OPTIMIZER, args: { ...NO_OPTIMIZER.args, lr } });

export type Domain = "any" | "positive" | "nonzero" | "label" | "bool" | "unit";

/** Random values for a tensor of `dtype` in `domain` (labels in [0, classes)). */
export function randomValues(n: number, dtype: DType, domain: Domain, rand: () => number, classes = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = rand();
    if (dtype === "bool" || domain === "bool") out.push(u < 0.5 ? 0 : 1);
    else if (dtype === "i32" || domain === "label") out.push(Math.floor(u * classes));
    else if (domain === "positive") out.push(0.5 + 1.5 * u);
    else if (domain === "nonzero") out.push((u < 0.5 ? -1 : 1) * (0.5 + 3 * Math.abs(u - 0.5)));
    else if (domain === "unit") out.push(0.05 + 0.9 * u);
    else out.push(4 * u - 2);
  }
  return out;
}

function concrete(n: Node, dims: Readonly<Record<string, number>>): number[] {
  return n.type.shape.map((d) => {
    if (typeof d === "number") return d;
    let v = 0;
    for (const t of d.terms) v += t.coef * t.syms.reduce((p, s) => p * (dims[s] ?? Number.NaN), 1);
    return v;
  });
}

export interface Comparison {
  /** Largest relative error over every compared value: |a − b| / max(1, |b|). */
  readonly maxError: number;
  readonly worst: string;
  readonly compared: readonly string[];
}

export interface CompareOptions {
  readonly dtype: "f32" | "f64";
  readonly rows: number;
  readonly seed?: number;
  readonly domains?: Readonly<Record<string, Domain>>;
  readonly classes?: number;
}

/**
 * Runs the generated class (trainStep without an optimizer when `grad` is given, else forward) and
 * the interpreter on the same random inputs and parameters; compares outputs, loss and gradients.
 */
export function compareWithInterpreter(model: FromModel["model"], grad: GradResult | null, opts: CompareOptions): Comparison {
  const g: Graph = grad?.graph ?? model.graph;
  const gen = generateFrom({ model, grad, optimizer: null, dtype: opts.dtype, target: "js", source: { file: "t.nn" } });
  const Cls = loadClass(gen.code, gen.className);
  const cm = new Cls(opts.rows + 2);
  cm.initParams(opts.seed ?? 1);
  const rand = mulberry32(opts.seed ?? 7);
  const batch = g.dims[0];
  const dims: Record<string, number> = batch === undefined ? {} : { [batch]: opts.rows };
  const feeds = Object.create(null) as Record<string, Tensor>; // names such as `__proto__` are plain keys
  for (const n of g.nodes) {
    const shape = concrete(n, dims);
    const size = shape.reduce((a, b) => a * b, 1);
    if (n.op === "param") {
      const p = cm.params[n.id]!;
      feeds[n.id] = tensor(shape, Array.from(p.subarray(0, size)));
    } else if (n.op === "buffer") {
      // Buffers (running statistics) at the values initParams gave them, like params.
      feeds[n.id] = tensor(shape, Array.from(cm.buffers![n.id]!.subarray(0, size)));
    } else if (n.op === "input") {
      const values = randomValues(size, n.type.dtype, opts.domains?.[n.id] ?? "any", rand, opts.classes);
      cm.inputs[n.id]!.set(values);
      feeds[n.id] = tensor(shape, values);
    }
  }
  // The reference sees what the generated code sees: inputs rounded to the arrays' precision.
  for (const [id, t] of Object.entries(feeds)) {
    const arr = cm.inputs[id] ?? cm.params[id] ?? cm.buffers?.[id];
    if (arr !== undefined) for (let i = 0; i < t.data.length; i++) t.data[i] = arr[i]!;
  }
  // trainStep runs in training mode (`training` true: batch statistics), forward in inference mode.
  // The graphs compared here have no dropout, whose masks come from the class's own stream.
  const stepped = grad !== null && model.train !== undefined;
  const ref = interpret(g, feeds, { dims, training: stepped });
  const compared: [string, ArrayLike<number>, string][] = [];
  if (grad !== null && model.train !== undefined) {
    const loss = cm.trainStep(opts.rows);
    compared.push(["loss", [loss], model.train.loss]);
    for (const [w, id] of Object.entries(grad.grads)) compared.push([`d${w}`, cm.grads[w]!, id]);
  } else cm.forward(opts.rows);
  for (const o of model.graph.outputs) compared.push([o.name, cm.outputs[o.name]!, o.id]);
  let maxError = 0;
  let worst = "";
  for (const [name, got, id] of compared) {
    const want = ref.get(id)!.data;
    for (let i = 0; i < want.length; i++) {
      const a = got[i]!;
      const b = want[i]!;
      const err = Object.is(a, b) ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(b));
      if (!(err <= maxError)) {
        maxError = Number.isNaN(err) ? Infinity : err;
        worst = `${name}[${i}]: generated ${a}, reference ${b}`;
      }
    }
  }
  return { maxError, worst, compared: compared.map(([n]) => n) };
}

export { sym };
