/**
 * Signatures of everything callable, as the editor shows them: built-ins (from THE built-in table),
 * library blocks, this file's blocks, and the training settings' tables. One parameter list each, so
 * signature help can highlight the active parameter.
 */
import { BUILTINS, DATA_SOURCE_SIGS, builtinParamText } from "@nnc/lower";
import { CLIPS, METRICS, OPTIMIZERS, SCHEDULES, type SettingDef } from "@nnc/ops";
import type { BlockDecl } from "@nnc/syntax";
import { libraryBlocks } from "./library.ts";

export interface CallSignature {
  /** `relu(x: tensor)`, `layer(x: f32[N, I], out: dim, alpha: float = 0.01) -> f32[N, out]`. */
  readonly label: string;
  readonly params: readonly string[];
  readonly doc: string;
}

export function builtinSignature(name: string): CallSignature | undefined {
  const b = BUILTINS.get(name);
  if (b === undefined) return undefined;
  const params = b.params.map(builtinParamText);
  return { label: `${name}(${params.join(", ")})`, params, doc: b.summary };
}

/** A block's signature as written (whitespace collapsed), its parameters, and its `##` doc comment. */
export function blockSignature(decl: BlockDecl, text: string): CallSignature {
  const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();
  const params = decl.params.map((p) => collapse(text.slice(p.span.start, p.span.end)));
  const ret = collapse(text.slice(decl.returnType.span.start, decl.returnType.span.end));
  return { label: `${decl.name.name}(${params.join(", ")}) -> ${ret}`, params, doc: decl.doc ?? "" };
}

export function librarySignature(name: string): CallSignature | undefined {
  const lib = libraryBlocks().get(name);
  return lib === undefined ? undefined : { ...blockSignature(lib.decl, lib.text), label: lib.signature };
}

const TABLES: Readonly<Record<string, Readonly<Record<string, SettingDef<string>>>>> = {
  optimizer: OPTIMIZERS,
  schedule: SCHEDULES,
  clip: CLIPS,
  metrics: METRICS,
};

/** `adam(lr = 0.001, …)` for a train section's `optimizer`, `schedule`, `clip`, `metrics`; data sources for `data`. */
export function settingSignature(key: string, name: string): CallSignature | undefined {
  if (key === "data") {
    const sig = DATA_SOURCE_SIGS.find((s) => s.name === name);
    if (sig === undefined) return undefined;
    const params = sig.args.map((a) => a.name);
    return { label: `${name}(${params.join(", ")})`, params, doc: sig.doc };
  }
  const def = TABLES[key]?.[name];
  if (def === undefined) return undefined;
  const params = def.args.map((a) => (a.default === undefined ? a.name : `${a.name} = ${String(a.default)}`));
  const argDocs = def.args.map((a) => `- \`${a.name}\`: ${a.doc}`).join("\n");
  return { label: `${name}(${params.join(", ")})`, params, doc: `${def.label}. ${def.doc}${argDocs === "" ? "" : `\n\n${argDocs}`}` };
}

/** Names a train section key accepts (for completion). */
export function settingNames(key: string): string[] {
  if (key === "data") return DATA_SOURCE_SIGS.map((s) => s.name);
  return Object.keys(TABLES[key] ?? {});
}

export const FORM_DOCS: Readonly<Record<string, CallSignature>> = {
  scan: { label: "scan(step, xs, init = (h0, …), axis = 1)", params: ["step", "xs", "init", "axis"], doc: "Applies the block `step` along `axis` of `xs`, carrying its state from `init`; unrolled by lowering." },
  repeat: { label: "repeat(block, times = n, …)", params: ["block", "times"], doc: "Applies `block` `times` times in a row, each repetition with its own parameters (`y.0.W`, `y.1.W`, …)." },
};

export const TRAIN_KEY_DOCS: Readonly<Record<string, string>> = {
  loss: "`loss = expr`: the float scalar that training minimises.",
  optimizer: "`optimizer = adam(lr = 0.001)`: sgd, adam, adamw, … (docs/training.md).",
  schedule: "`schedule = cosine(…)`: the learning rate over the run (default `constant()`).",
  clip: "`clip = global_norm(max = 1.0)`: gradient clipping (default none).",
  metrics: "`metrics = [accuracy]`: what each epoch reports (default: accuracy for a classifier).",
  decay_all: "`decay_all = true`: weight decay on every parameter, biases and norms included.",
  data: "`data = moons(n = 1000)` or `data = \"file.csv\"`: where the training batches come from.",
  batch: "`batch = 64`: examples per training step.",
  epochs: "`epochs = 10`: passes over the data.",
  seed: "`seed = 1`: the random seed of initialisation and shuffling.",
};
