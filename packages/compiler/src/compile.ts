/**
 * THE driver: `compile(source, options)` runs check → lower → differentiate → optimize → explain →
 * generate and returns every stage. The CLI, the playground, the bench and the tests call it and
 * nothing below it, so the code `nnc compile` ships, the playground's Code tab and `nnc eval
 * --backend ts` are one class, generated from one optimized graph.
 */
import { derivedForwardNames, type GradResult } from "@nnc/autodiff";
import { diagnostic, hasErrors, type Diagnostic, type DiagnosticCode, type SourceFile } from "@nnc/diagnostics";
import { specializeDims, type Graph } from "@nnc/ir";
import type { LoweredModel } from "@nnc/lower";
import type { MemoryTensor, ProgramInfo } from "@nnc/runtime/core";
import type { ProgramFileNames, ProgramFiles } from "@nnc/runtime";
import type { Program } from "@nnc/syntax";
import { compactMemoryPlan } from "@nnc/codegen-ts";
import { buildClass } from "./build-class.ts";
import { checkSource } from "./check.ts";
import { stableExplanation, type ExplainedValue } from "./explanation.ts";
import { DEFAULT_BATCH, modelMemory, type ModelMemory } from "./memory.ts";
import { gradient, optimize, optimizeGradient, resolveOf, resolveWrt, selectModel, symbolicDims, withLoss, type OptimizeOptions } from "./pipeline.ts";
import { baseName, programInfo } from "./program-info.ts";
import { summarize, type ModelSummary } from "./summary.ts";
import type { CompileOptions, Generate } from "./compile-options.ts";

export type { CompileOptions, Generate } from "./compile-options.ts";

export interface GeneratedClass {
  readonly code: string;
  readonly className: string;
  /** The arrays the class allocates, as polynomials in the batch size. */
  readonly memory: readonly MemoryTensor[];
}

export interface Compilation {
  /** Every stage's diagnostics, in stage order (checking sorted by position). */
  readonly diagnostics: readonly Diagnostic[];
  readonly source: SourceFile;
  readonly ast?: Program;
  /** Every model's signature (as `nnc check --json` prints them). */
  readonly models?: readonly ModelSummary[];
  /** The lowered models; absent when the program has errors. */
  readonly lowered?: readonly LoweredModel[];
  /** The selected model (dims fixed and settings overridden as the options ask). */
  readonly model?: LoweredModel;
  /** Its graph with the train section's loss as an output. */
  readonly forward?: Graph;
  /** The value differentiated (its node id: the loss, or what `of` names). */
  readonly of?: string;
  /** The gradient as differentiated, anonymous cotangents named (`dh_pre`). */
  readonly gradient?: GradResult;
  /** The gradient after the passes: what codegen reads. */
  readonly optimized?: GradResult;
  /** The forward graph after the passes, when nothing is differentiated. */
  readonly optimizedForward?: Graph;
  /** Every backward statement of the optimized graph with its rule in math. */
  readonly explanation?: readonly ExplainedValue[];
  readonly generated?: GeneratedClass;
  /** The whole program in one file: runtime, model class, PROGRAM and createModel (Node entry only). */
  readonly program?: string;
  /**
   * The same program as two files side by side (Node entry only; `nnc compile -o`): the program (model
   * class, PROGRAM, createModel, main) importing its runtime module (the runtime it uses), for the
   * file names given (`runtimeFileName` in @nnc/runtime names the runtime beside a program).
   */
  readonly programFiles?: (names: ProgramFileNames) => ProgramFiles;
  readonly summary?: ModelSummary;
  /** With `options.memory`: every model's size and planned memory, by name. */
  readonly memory?: ReadonlyMap<string, ModelMemory>;
  /** A problem with what the options name (also reported as E0665). */
  readonly problem?: { readonly option: "model" | "of" | "wrt"; readonly message: string };
}

/** What only a host with files provides: the Node entry fills it in (node.ts). */
export interface CompileHost {
  /** The default of `generate`. */
  readonly generate: Generate;
  /** Both forms of the program (one file, and program + runtime module) from one assembly. */
  readonly program?: (a: { readonly target: "ts" | "js"; readonly modelCode: string; readonly className: string; readonly info: ProgramInfo }) => {
    readonly single: string;
    readonly files: (names: ProgramFileNames) => ProgramFiles;
  };
  /** Top-level names of a program, which a model class placed in it must not take. */
  readonly reserved?: () => readonly string[];
  readonly defaultMemoryLimit?: () => number;
  readonly memoryProblem?: (model: string, plan: readonly MemoryTensor[], batch: number, limit: number) => { readonly message: string; readonly help: string } | null;
}

/** The browser-safe host: classes, no programs, no memory limit. */
export const BROWSER_HOST: CompileHost = { generate: "class" };

export function compile(text: string, options: CompileOptions): Compilation {
  return compileWith(text, options, BROWSER_HOST);
}

/** The selected model with the options' dims fixed and optimizer/clip replaced. */
function adjusted(model: LoweredModel, o: CompileOptions): LoweredModel {
  const dims = o.dims ?? {};
  const graph = Object.keys(dims).length === 0 ? model.graph : specializeDims(model.graph, dims);
  const t = model.train;
  const train = t === undefined ? undefined : { ...t, ...(o.optimizer === undefined ? {} : { optimizer: { ...o.optimizer, span: t.optimizer.span } }), ...(o.clip === undefined ? {} : { clip: o.clip }) };
  return { ...model, graph, ...(train === undefined ? {} : { train }) };
}

/** The explanation of `optimized` (the passes' output of `differentiated`), named after `forward`'s values. */
function explainOf(differentiated: GradResult, optimized: GradResult, source: SourceFile, forward: Graph): ExplainedValue[] {
  return stableExplanation({ differentiated, optimized, source, names: derivedForwardNames(forward) });
}

export function compileWith(text: string, o: CompileOptions, host: CompileHost): Compilation {
  const dtype = o.dtype ?? "f32";
  const checked = checkSource(o.fileName, text, { dtype });
  const source = checked.source;
  const diagnostics: Diagnostic[] = [...checked.diagnostics];
  const base = { source, ast: checked.ast, models: checked.models };
  if (hasErrors(diagnostics)) return { ...base, diagnostics };
  const lowered = checked.lowered;
  const memory = o.memory === true ? new Map(lowered.map((m) => [m.name, modelMemory(m, { dtype })])) : undefined;
  const checkedStage = { ...base, lowered, ...(memory === undefined ? {} : { memory }) };
  if (o.checkOnly === true) return { ...checkedStage, diagnostics };
  const usage = (option: "model" | "of" | "wrt", message: string, at = source.span(0, 0)): Compilation => ({
    ...checkedStage,
    diagnostics: [...diagnostics, diagnostic("E0665", message, at)],
    problem: { option, message },
  });

  const picked = selectModel(lowered, o.model);
  if (!picked.ok) return usage("model", picked.message);
  const model = adjusted(picked.value, o);
  const forward = withLoss(model);
  const selected = { ...checkedStage, model, forward, summary: summarize(model) };
  const passes: OptimizeOptions = {
    ...(o.passes === undefined ? {} : { passes: o.passes }),
    ...(o.verifyPasses === undefined ? {} : { verify: o.verifyPasses }),
    ...(o.printAfter === undefined ? {} : { printAfter: o.printAfter }),
    ...(o.onPrint === undefined ? {} : { onPrint: o.onPrint }),
  };

  // Differentiate: the loss of a training model, or what `of` names (`differentiate` without a loss: the only output).
  const custom = o.of !== undefined || o.wrt !== undefined;
  const wantGrad = o.differentiate ?? (custom || model.train !== undefined);
  let grad: { of: string; gradient: GradResult; optimized: GradResult; explanation: ExplainedValue[] | undefined; loss: boolean } | undefined;
  if (wantGrad) {
    const outputs = model.graph.outputs;
    const of = resolveOf(model, o.of ?? (model.train === undefined && outputs.length === 1 ? outputs[0]!.name : undefined));
    if (!of.ok) return usage("of", of.message, model.span);
    const wrt = resolveWrt(model, o.wrt);
    if (!wrt.ok) return usage("wrt", wrt.message, model.span);
    const g = gradient(model, of.value, wrt.value);
    diagnostics.push(...g.diagnostics);
    if (hasErrors(g.diagnostics)) return { ...selected, diagnostics, of: of.value, gradient: g };
    const optimized = optimizeGradient(g, passes);
    const explanation = o.explain === false ? undefined : explainOf(g, optimized, source, forward);
    grad = { of: of.value, gradient: g, optimized, explanation, loss: of.value === model.train?.loss && wrt.value === undefined };
  }
  const optimizedForward = grad === undefined ? optimize(forward, passes) : undefined;
  // Generate: the class (and program) trains with the loss gradient w.r.t. every param, or only predicts.
  // A gradient other than the loss's w.r.t. every param is for printing: by default nothing is generated.
  const generate = o.generate ?? (grad !== undefined && !grad.loss ? "none" : host.generate);
  // A generated class quotes the explanation in its comments: with `explain: false` it is computed then.
  const explanation = grad === undefined ? undefined : (grad.explanation ?? (generate === "none" ? undefined : explainOf(grad.gradient, grad.optimized, source, forward)));
  const stages: Compilation = {
    ...selected,
    diagnostics,
    ...(grad === undefined ? { optimizedForward: optimizedForward! } : { of: grad.of, gradient: grad.gradient, optimized: grad.optimized, ...(explanation === undefined ? {} : { explanation }) }),
  };

  if (generate === "none") return stages;
  const fail = (code: DiagnosticCode, message: string, help?: string): Compilation => ({ ...stages, diagnostics: [...diagnostics, diagnostic(code, message, model.span, help === undefined ? {} : { help })] });
  if (grad !== undefined && !grad.loss) return fail("E0669", "code is generated for the train section's loss and every parameter; a gradient of another value or with respect to chosen values is for `nnc grad`", "leave out `of` and `wrt` to generate code");
  const extra = symbolicDims(model.graph).slice(1);
  if (extra.length > 0) {
    return fail("E0666", `generated code can leave only the batch dim symbolic, but \`${model.name}\` also uses ${extra.map((d) => `\`${d}\``).join(", ")}`, "write the other dims as numbers");
  }
  const target = o.target ?? "ts";
  const reserved = generate === "program" ? host.reserved?.() : undefined;
  const cls = buildClass(model, grad?.optimized, grad?.optimized.graph ?? optimizedForward!, explanation ?? [], { dtype, target, file: baseName(o.fileName), ...(reserved === undefined ? {} : { reserved }), ...(o.threads === undefined ? {} : { threads: o.threads }) });
  const generated: GeneratedClass = { code: cls.code, className: cls.className, memory: cls.memory };
  const limit = o.maxMemory ?? (generate === "program" ? host.defaultMemoryLimit?.() : undefined);
  const problem = limit === undefined ? null : (host.memoryProblem?.(model.name, generated.memory, o.batch ?? model.train?.batch ?? DEFAULT_BATCH, limit) ?? null);
  if (problem !== null) return fail("E0667", problem.message, problem.help);
  if (generate === "class") return { ...stages, generated };
  if (host.program === undefined) {
    return { ...stages, generated, diagnostics: [...diagnostics, diagnostic("E0668", "a whole program can only be generated in Node (it reads the runtime's sources from disk)", source.span(0, 0), { help: "ask for `generate: \"class\"` here, or compile with @nnc/compiler/node" })] };
  }
  const info = programInfo(o.fileName, model, o.dataDir ?? ".", compactMemoryPlan(generated.memory));
  const assembled = host.program({ target, modelCode: generated.code, className: generated.className, info });
  return {
    ...stages,
    generated,
    // Assembled when first read (the runtime's types stripped once more for "js"): `nnc compile -o` asks only for the files.
    get program(): string {
      return assembled.single;
    },
    programFiles: assembled.files,
  };
}

/**
 * The explanation of a compilation made with `explain: false` (or the one it has): what
 * Compilation.explanation would have held; empty when nothing was differentiated.
 */
export function explainCompilation(c: Pick<Compilation, "gradient" | "optimized" | "forward" | "source" | "explanation">): readonly ExplainedValue[] {
  if (c.explanation !== undefined) return c.explanation;
  if (c.gradient === undefined || c.optimized === undefined || c.forward === undefined) return [];
  return explainOf(c.gradient, c.optimized, c.source, c.forward);
}
