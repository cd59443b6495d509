/**
 * `nnc export`'s driver: compiles a `.nn` file and hands the right stage to the ONNX exporter — the
 * optimized forward graph for inference, or the optimized gradient graph with the train section's
 * optimizer, schedule and clipping for the training step — with the values it starts from.
 */
import { diagnostic, hasErrors, InternalCompilerError, type Diagnostic, type SourceFile } from "@nnc/diagnostics";
import { exportInference, exportTrainStep, type ExportTensor, type OnnxExportResult, type UnsupportedKind } from "@nnc/export-onnx";
import type { Node } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";
import { compile } from "./compile.ts";
import { checkpointValues, initialValues, type ExportCheckpoint } from "./export-values.ts";
import { defaultSeed, scheduleNeedsTotalSteps } from "./export-settings.ts";
import { baseName } from "./program-info.ts";

export { initialValues, type ExportCheckpoint } from "./export-values.ts";
export { defaultSeed, scheduleNeedsTotalSteps } from "./export-settings.ts";

export interface OnnxExportOptions {
  /** The `.nn` file as diagnostics name it. */
  readonly fileName: string;
  /** The model (default: the first with a train section, else the first). */
  readonly model?: string;
  /** Element type of floats (default "f32"). */
  readonly dtype?: "f32" | "f64";
  /** Export forward + backward + the optimizer's update as one graph (needs a train section). */
  readonly trainStep?: boolean;
  /** Trained values; without one, the seeded initial values `nnc train` starts from. */
  readonly checkpoint?: ExportCheckpoint;
  /** The run's total optimizer steps (schedules `cosine`, `one_cycle`); see scheduleNeedsTotalSteps. */
  readonly totalSteps?: number;
  /** Seed of the initial values (default: the train section's, else 0); unused with a checkpoint. */
  readonly seed?: number;
  /** nnc's version (the model's producer_version): the CLI's `nncVersion()`. */
  readonly version: string;
}

export type OnnxExported = Extract<OnnxExportResult, { readonly ok: true }>;

export interface OnnxExport {
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  readonly model?: LoweredModel;
  /** Present when nothing failed. */
  readonly onnx?: OnnxExported;
  /** The seed of the initial values (absent with a checkpoint). */
  readonly seed?: number;
}


/** A problem an exporter reports (ONNX's UnsupportedOp, PyTorch's PyUnsupportedOp); no `kind` reads as "op". */
export interface ExportProblem {
  readonly kind?: UnsupportedKind;
  readonly op: string;
  readonly node: Node;
  readonly reason: string;
  readonly name?: string;
}

type Target = "ONNX" | "PyTorch";

/** The headline of each kind of problem; the rule's reason is the help. */
const HEADLINES = {
  op: (u, target) => `\`${u.op}\` has no counterpart in ${target}`,
  name: (u, target) => `the name \`${u.name ?? u.node.id}\` is reserved by ${target}`,
  dim: (u) => `\`${u.op}\` needs a dim that cannot be read from any input`,
} as const satisfies Record<UnsupportedKind, (u: ExportProblem, target: Target) => string>;

/**
 * E0700 (ONNX) / E0701 (PyTorch) once per (op, reason), at the first such node's span (a library node
 * carries the user's call-site span); a note counts the other nodes with the same problem.
 */
export function unsupportedDiagnostics(problems: readonly ExportProblem[], target: Target, source: SourceFile): Diagnostic[] {
  const key = (u: ExportProblem): string => JSON.stringify([u.kind ?? "op", u.op, u.reason]);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const u of problems) {
    const k = key(u);
    if (seen.has(k)) continue;
    seen.add(k);
    const uses = problems.filter((o) => key(o) === k).length;
    out.push(
      diagnostic(target === "ONNX" ? "E0700" : "E0701", HEADLINES[u.kind ?? "op"](u, target), u.node.span ?? source.span(0, 0), {
        help: u.reason,
        ...(uses > 1 ? { notes: [`the graph has ${uses} \`${u.op}\` nodes with this problem; this is the first`] } : {}),
      }),
    );
  }
  return out;
}

export function exportOnnx(text: string, o: OnnxExportOptions): OnnxExport {
  const dtype = o.dtype ?? "f32";
  const trainStep = o.trainStep === true;
  const c = compile(text, { fileName: o.fileName, dtype, generate: "none", ...(o.model === undefined ? {} : { model: o.model }), ...(trainStep ? {} : { differentiate: false }) });
  const diagnostics = [...c.diagnostics];
  const fail = (...ds: Diagnostic[]): OnnxExport => ({ diagnostics: [...diagnostics, ...ds], source: c.source, ...(c.model === undefined ? {} : { model: c.model }) });
  const model = c.model;
  if (hasErrors(diagnostics) || model === undefined) return fail();
  const train = model.train;
  if (trainStep && train === undefined) {
    return fail(diagnostic("E0702", `\`--train-step\` exports the training step, but model \`${model.name}\` has no train section`, model.span, { help: `add \`train ${model.name} { loss = … }\`, or export the inference graph without \`--train-step\`` }));
  }
  const seed = o.seed ?? defaultSeed(model);
  let values: ReadonlyMap<string, ExportTensor>;
  if (o.checkpoint === undefined) values = initialValues(model.graph, seed);
  else {
    const fit = checkpointValues(model.graph, model.name, o.checkpoint, model.span);
    if ("diagnostic" in fit) return fail(fit.diagnostic);
    values = fit.values;
  }
  const common = { modelName: model.name, dtype, producerVersion: o.version, doc: `${baseName(o.fileName)}: model ${model.name}`, values };
  let result: OnnxExportResult;
  if (trainStep) {
    // compile() differentiates whenever a train section exists; --train-step must never fall back to inference.
    if (train === undefined || c.optimized === undefined) throw new InternalCompilerError(`--train-step: no gradient graph for model '${model.name}'`);
    const needs = scheduleNeedsTotalSteps(train.schedule.kind);
    if (needs && o.totalSteps === undefined) {
      return fail(diagnostic("E0703", `the schedule \`${train.schedule.kind}\` needs the run's total number of steps, which is not known here`, train.span, { help: "pass `--total-steps N` (epochs × steps per epoch)" }));
    }
    result = exportTrainStep({ ...common, graph: c.optimized.graph, grads: c.optimized.grads, loss: train.loss, optimizer: train.optimizer, schedule: train.schedule, clip: train.clip, totalSteps: o.totalSteps ?? 1 });
  } else {
    if (c.optimizedForward === undefined) throw new InternalCompilerError(`ONNX export: no optimized forward graph for model '${model.name}'`);
    result = exportInference({ ...common, graph: c.optimizedForward, outputs: model.graph.outputs.map((out) => out.name) });
  }
  if (!result.ok) return fail(...unsupportedDiagnostics(result.unsupported, "ONNX", c.source));
  return { diagnostics, source: c.source, model, onnx: result, ...(o.checkpoint === undefined ? { seed } : {}) };
}
