/**
 * The probe model of the *-torch tests: two params W (2×3) and b (3), train inputs gw, gb of their
 * shapes, and a train section written from a reference case, compiled by the driver at dtype f64 and
 * instantiated from the generated class (js target, evaluated in this process).
 */
import { runInThisContext } from "node:vm";
import { compile, type TrainInfo } from "@nnc/compiler";
import type { ClipSetting, CompiledModel, ScheduleSetting, SettingValue } from "@nnc/runtime/core";
import type { OptimizerCase } from "./torch-reference.ts";

/** ∂/∂W = gw and ∂/∂b = gb exactly (one row): the gradients are what the data says. */
export const LINEAR_LOSS = "sum(gw * W) + sum(gb * b)";

/** A setting as the train section writes it: `kind(name = value, …)`, every argument named. */
function call(kind: string, args: Readonly<Record<string, SettingValue>>): string {
  const lit = (v: SettingValue): string => (typeof v === "string" ? JSON.stringify(v) : String(v));
  return `${kind}(${Object.entries(args).map(([k, v]) => `${k} = ${lit(v)}`).join(", ")})`;
}

export type ProbeCase = Pick<OptimizerCase, "name" | "optimizer" | "decayAll" | "clip"> & { readonly schedule?: ScheduleSetting | null };

/**
 * The probe's source. `decay_all` is given as the optimizer's argument for sgd and as the train-section
 * key otherwise, so both spellings are exercised.
 */
export function probeSource(c: ProbeCase, loss = LINEAR_LOSS): string {
  const asArg = c.decayAll && c.optimizer.kind === "sgd";
  const optimizer = call(c.optimizer.kind, asArg ? { ...c.optimizer.args, decay_all: true } : c.optimizer.args);
  const clip = (k: ClipSetting | null): string[] => (k === null ? [] : [`  clip      = ${call(k.kind, k.args)}`]);
  const schedule = c.schedule === undefined || c.schedule === null ? [] : [`  schedule  = ${call(c.schedule.kind, c.schedule.args)}`];
  return [
    "dim B",
    "",
    "model Probe(x: f32[B, 1]) -> (y: f32[B, 1]) {",
    "  param W: f32[2, 3] = zeros()",
    "  param b: f32[3]    = zeros()",
    "  y = x * 2",
    "}",
    "",
    "train Probe {",
    "  input gw: f32[B, 2, 3]",
    "  input gb: f32[B, 3]",
    `  loss      = ${loss}`,
    `  optimizer = ${optimizer}`,
    ...schedule,
    ...clip(c.clip),
    ...(c.decayAll && !asArg ? ["  decay_all = true"] : []),
    "}",
    "",
  ].join("\n");
}

type ModelClass = new (maxBatch: number) => CompiledModel;

/** The probe's generated class instantiated for `maxBatch` rows, and its lowered train section; a compile error throws with its text. */
export function compileProbeWithTrain(c: ProbeCase, loss = LINEAR_LOSS, maxBatch = 1): { model: CompiledModel; train: TrainInfo } {
  const source = probeSource(c, loss);
  const out = compile(source, { fileName: "probe.nn", dtype: "f64", generate: "class", target: "js" });
  const errors = out.diagnostics.filter((d) => d.severity === "error");
  const train = out.model?.train;
  if (errors.length > 0 || out.generated === undefined || train === undefined) {
    throw new Error(`${c.name}: the probe model did not compile:\n${source}\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}`);
  }
  const { code, className } = out.generated;
  const Cls = runInThisContext(`(() => {\n"use strict";\n${code}\nreturn ${className};\n})()`) as ModelClass;
  return { model: new Cls(maxBatch), train };
}

/** The probe's generated class for one row. */
export function compileProbe(c: ProbeCase): CompiledModel {
  return compileProbeWithTrain(c).model;
}

/** A buffer of the model by name, checked to be float64 and at least `size` long. */
export function f64(group: Readonly<Record<string, ArrayLike<number>>>, name: string, size: number): Float64Array {
  const a = Object.hasOwn(group, name) ? group[name] : undefined;
  if (!(a instanceof Float64Array)) throw new Error(`\`${name}\` is not a Float64Array (dtype f64 was asked for)`);
  if (a.length < size) throw new Error(`\`${name}\` has ${a.length} elements, fewer than ${size}`);
  return a;
}
