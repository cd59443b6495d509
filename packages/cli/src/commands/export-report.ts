/**
 * What `nnc export` prints after writing a model: where, what it holds, and the graph's inputs and
 * outputs with their ONNX types — the names a runtime feeds and fetches.
 */
import type { OnnxExported } from "@nnc/compiler/node";
import { terminalText } from "@nnc/diagnostics";

type ValueInfo = OnnxExported["inputs"][number];

function typeText(v: ValueInfo): string {
  return `${v.elemType}[${v.shape.join(", ")}]`;
}

function table(title: string, values: readonly ValueInfo[], width: number): string[] {
  return [`${title} (${values.length}):`, ...values.map((v) => `  ${terminalText(v.name).padEnd(width)}  ${typeText(v)}`)];
}

export interface ExportFacts {
  readonly output: string;
  readonly model: string;
  readonly dtype: "f32" | "f64";
  readonly trainStep: boolean;
  /** The checkpoint the values came from, or the seed of the initial values. */
  readonly from: { readonly checkpoint: string } | { readonly seed: number; readonly trains: boolean };
  readonly totalSteps?: number;
  /** The model's params and buffers (what the values fill), counted by the caller from its graph. */
  readonly state: { readonly params: number; readonly buffers: number; readonly values: number };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function exportReport(r: OnnxExported, f: ExportFacts): string {
  const what = f.trainStep ? "the training step (forward, backward, optimizer update)" : "the inference graph";
  const values = "checkpoint" in f.from ? `trained values from ${terminalText(f.from.checkpoint)}` : `initial values (seed ${f.from.seed}${f.from.trains ? ", as `nnc train` starts" : ""})`;
  const width = Math.max(0, ...[...r.inputs, ...r.outputs].map((v) => terminalText(v.name).length));
  const lines = [
    `wrote ${terminalText(f.output)}: ${what} of model ${terminalText(f.model)}, ONNX opset ${r.opset}, ${r.bytes.length.toLocaleString("en-US")} bytes`,
    `${plural(f.state.params, "parameter")}${f.state.buffers === 0 ? "" : ` and ${plural(f.state.buffers, "buffer")}`} (${f.state.values.toLocaleString("en-US")} values, ${f.dtype === "f64" ? "double" : "float"}): ${values}`,
    ...table("inputs", r.inputs, width),
    ...table("outputs", r.outputs, width),
  ];
  if (f.trainStep) {
    lines.push(
      "feed the params, optimizer state and buffers (starting values: the initializers `<name>.init`; optimizer state: zeros),",
      "the batch and `step` (int64, steps already taken); take `loss` and every `<name>.new`, feed them back as `<name>` next step",
    );
    if (f.totalSteps !== undefined) lines.push(`the schedule assumes ${f.totalSteps.toLocaleString("en-US")} steps in all`);
  }
  if (r.ortFloatOnly.length > 0) {
    const uses = r.ortFloatOnly.map((u) => `${u.op} (${u.onnxOp})`).join(", ");
    lines.push(`note: onnxruntime has no double kernel for ${uses}: it cannot load this f64 model (other runtimes may); export at f32 for onnxruntime`);
  }
  return lines.join("\n") + "\n";
}
