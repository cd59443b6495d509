/**
 * A built-in data set's fields against the model, at `nnc check`. The runtime binds data the same way
 * (packages/runtime/src/bind.ts): every model input and train input takes the field of its name, whose
 * examples have as many elements as the input without its batch dim, and class labels must lie in
 * 0…C−1 for a single [B, C] output. For a built-in set the fields are known before any data is read,
 * so a mismatch is E0412 here instead of an error when training starts. Files are not read at check.
 */
import { isConcrete, shapeToString, typeToString, type Dim, type Graph, type Node } from "@nnc/ir";
import type { DataSpec } from "./api.ts";
import type { LowerCtx } from "./context.ts";
import { dataFieldsOf, dataSourceSig, type DataSourceSig } from "./data-sources.ts";

/** The per-example shape: without a leading symbolic (batch) dim; undefined when another dim is symbolic. */
function exampleShape(shape: readonly Dim[]): number[] | undefined {
  const rest = shape.length > 0 && !isConcrete(shape[0]!) ? shape.slice(1) : shape;
  return rest.every((d) => isConcrete(d)) ? (rest as number[]) : undefined;
}

const count = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The call as written: positional arguments (stored under "0", "1", …) without a name. */
function callText(data: DataSpec): string {
  const args = Object.entries(data.args).map(([k, v]) => {
    const value = typeof v === "string" ? JSON.stringify(v) : String(v);
    return /^\d+$/.test(k) ? value : `${k} = ${value}`;
  });
  return `${data.source}(${args.join(", ")})`;
}

/** The class count of the set's labels when every class is certain to occur, else undefined. */
function classesOf(sig: DataSourceSig, data: DataSpec): number | undefined {
  const classes = typeof data.args["classes"] === "number" ? data.args["classes"] : sig.classes;
  const n = data.args["n"];
  if (classes === undefined || (typeof n === "number" && n < classes)) return undefined;
  return classes;
}

export function checkDataFields(ctx: LowerCtx, g: Graph, data: DataSpec): void {
  const sig = dataSourceSig(data.source);
  const fields = sig === undefined ? undefined : dataFieldsOf(sig, data.args);
  if (sig === undefined || fields === undefined) return;
  const call = callText(data);
  const names = fields.map((f) => `\`${f.name}\``).join(", ");
  const inputs = g.nodes.filter((n) => n.op === "input");
  for (const n of inputs) {
    const what = `${n.attrs["role"] === "train" ? "train input" : "input"} \`${n.id}: ${typeToString(n.type)}\``;
    const field = fields.find((f) => f.name === n.id);
    if (field === undefined) {
      ctx.report("E0412", `the data \`${call}\` has no field \`${n.id}\` for the ${what}`, n.span ?? data.span, {
        label: "no data field has this name",
        labels: [{ span: data.span, message: `its fields are ${names}` }],
        help: `data fields bind to inputs by name: name the input after one of ${names}`,
      });
      continue;
    }
    const example = exampleShape(n.type.shape);
    if (example === undefined || count(example) === count(field.shape)) continue;
    ctx.report("E0412", `the field \`${field.name}\` of \`${call}\` has examples of shape ${shapeToString(field.shape)}, but the ${what} needs ${shapeToString(example)} per example`, n.span ?? data.span, {
      label: `needs ${count(example)} element${count(example) === 1 ? "" : "s"} per example`,
      labels: [{ span: data.span, message: `gives ${count(field.shape)} per example` }],
      help: "the example shape must equal the input's shape without the batch dim, or have as many elements",
    });
  }
  checkClasses(ctx, g, data, sig, call, inputs);
}

/** Labels 0…k−1 of the set against a single [B, C] output trained with one i32 train input. */
function checkClasses(ctx: LowerCtx, g: Graph, data: DataSpec, sig: DataSourceSig, call: string, inputs: readonly Node[]): void {
  const labels = inputs.filter((n) => n.attrs["role"] === "train" && n.type.dtype === "i32");
  const out = g.outputs.length === 1 ? g.nodes.find((n) => n.id === g.outputs[0]!.id) : undefined;
  const shape = out?.type.shape ?? [];
  const c = shape[1];
  const k = classesOf(sig, data);
  if (labels.length !== 1 || shape.length !== 2 || isConcrete(shape[0]!) || typeof c !== "number" || k === undefined || k <= c) return;
  const name = g.outputs[0]!.name;
  ctx.report("E0412", `the labels of \`${call}\` are 0…${k - 1}, but the output \`${name}: ${typeToString(out!.type)}\` has ${c} class${c === 1 ? "" : "es"}`, out!.span ?? data.span, {
    label: `${c} class${c === 1 ? "" : "es"}`,
    labels: [{ span: data.span, message: `${k} classes` }],
    help: `give the output one column per class: \`${typeToString({ ...out!.type, shape: [shape[0]!, k] })}\``,
  });
}
