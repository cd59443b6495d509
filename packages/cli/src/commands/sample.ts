import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { diagnostic, type Span } from "@nnc/diagnostics";
import type { Compilation, LoweredModel } from "@nnc/compiler/node";
import { charModel, checkVocabularyFits, DataError, encodePrompt, generateChars, loadCheckpoint, MAX_SEED, restoreCheckpoint, Rng, sampleVocabulary, terminalText, type ProgramModule } from "@nnc/runtime";
import { EXIT, type CliContext, type CommandModule } from "../command-module.ts";
import { loadModel } from "../load-model.ts";
import { argumentSource, argumentSpan, reportDiagnostics, runtimeCode } from "../report.ts";
import { usage } from "./compile.ts";
import { reportDataError } from "./train.ts";

interface SampleOptions {
  readonly checkpoint: string;
  readonly n?: string;
  readonly temperature?: string;
  readonly seed?: string;
  readonly prompt?: string;
  readonly model?: string;
}

export const DEFAULT_SAMPLES = 20;
export const MAX_SAMPLES = 1_000_000;
export const DEFAULT_TEMPERATURE = 0.8;
/** The default seed is fixed, so the same command prints the same samples; `--seed` gives others. */
export const DEFAULT_SAMPLE_SEED = 0;

/** A whole number in [min, max] (the default when absent), or undefined when `v` is not one. */
function whole(v: string | undefined, fallback: number, min: number, max: number): number | undefined {
  if (v === undefined) return fallback;
  const n = v.trim() === "" ? Number.NaN : Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
}

/** A prompt problem (E0653, E0654) with a caret at its column in the `--prompt` argument; exit 2. */
function reportPrompt(ctx: CliContext, file: string, e: DataError, prompt: string): number {
  const column = /^column (\d+)$/.exec(e.where ?? "");
  const start = column === null ? 0 : Number(column[1]) - 1;
  const end = e.code === "E0654" ? prompt.length : start + (prompt.codePointAt(start)! > 0xffff ? 2 : 1);
  const d = diagnostic(runtimeCode(e.code), e.message, argumentSpan("--prompt", prompt, start, end), e.help === undefined ? {} : { help: e.help });
  reportDiagnostics(ctx, file, [d], new Map([["--prompt", argumentSource("--prompt", prompt)]]), "sample");
  return EXIT.usage;
}

/** What the label under an input's or output's declaration says, by code and ModelPlace kind. */
const LABELS: Readonly<Record<string, string>> = {
  "E0652 input": "character ids: i32[B, T] needed",
  "E0652 output": "logits: f32[B, T, V] needed",
  "E0652 classes": "too few classes for the checkpoint's vocabulary",
  "E0655 output": "not finite when sampled",
};

/**
 * Where a sampling problem of the model is in FILE (DataError.where, a ModelPlace): that input's or
 * output's declaration in the model's signature, else the model's name.
 */
function modelSpan(c: Compilation, m: LoweredModel, e: DataError): { span: Span; label: string } {
  const decl = c.ast?.items.find((item) => item.kind === "Model" && item.name.name === m.name);
  const place = /^(input|output|classes) (.+)$/.exec(e.where ?? "");
  if (decl?.kind === "Model" && place !== null) {
    const sig = (place[1] === "input" ? decl.inputs : decl.outputs).find((s) => s.name.name === place[2]);
    const label = LABELS[`${e.code} ${place[1]!}`];
    if (sig !== undefined && label !== undefined) return { span: sig.span, label };
  }
  return { span: decl?.kind === "Model" ? decl.name.span : m.span, label: "one input of character ids and one output of logits needed" };
}

/** A problem of the model (E0652, E0655) at its place in FILE; exit 1. */
function reportModel(ctx: CliContext, file: string, e: DataError, c: Compilation, m: LoweredModel): number {
  const at = modelSpan(c, m, e);
  const d = diagnostic(runtimeCode(e.code), e.message, at.span, { label: at.label, ...(e.help === undefined ? {} : { help: e.help }) });
  reportDiagnostics(ctx, file, [d], new Map([[file, c.source]]), "sample");
  return EXIT.programErrors;
}

/** Loads a generated program as an ES module: written to a fresh temporary folder, imported, removed. */
async function importProgram(code: string): Promise<ProgramModule> {
  const dir = mkdtempSync(join(tmpdir(), "nnc-sample-"));
  try {
    const path = join(dir, "program.mjs");
    writeFileSync(path, code);
    return (await import(pathToFileURL(path).href)) as ProgramModule;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lets an EPIPE (`nnc sample … | head`) or a signal end the run between samples. */
function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export const sampleCommand: CommandModule = {
  name: "sample",
  summary: "generate text from a trained character model (from a checkpoint), one character at a time",
  examples: [
    ["nnc sample examples/char-transformer.nn --checkpoint gpt.ckpt", "20 names, one per line, printed as they are drawn"],
    ["nnc sample examples/char-transformer.nn --checkpoint gpt.ckpt --prompt ma --n 5 --seed 7", "5 names starting with `ma`, other draws"],
    ["nnc sample examples/lstm-names.nn --checkpoint lstm.ckpt --temperature 0", "always the most likely character (greedy)"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file the checkpoint was trained from")
      .requiredOption("--checkpoint <file>", "a checkpoint written by `nnc train --save` on text data (chars(…) or names())")
      .option("--n <count>", `how many samples, 1 to ${MAX_SAMPLES} (default ${DEFAULT_SAMPLES})`)
      .option("--temperature <t>", `divides the logits before the softmax, ≥ 0: lower is safer, higher more varied; 0 always takes the most likely character (default ${DEFAULT_TEMPERATURE})`)
      .option("--seed <n>", `seed of the draws, 0 to ${MAX_SEED} (default ${DEFAULT_SAMPLE_SEED}: the same samples every run)`)
      .option("--prompt <text>", "characters every sample starts with (from the vocabulary; at most T − 1)")
      .option("--model <name>", "the model when the file has several");
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<SampleOptions>();
    const n = whole(o.n, DEFAULT_SAMPLES, 1, MAX_SAMPLES);
    const seed = whole(o.seed, DEFAULT_SAMPLE_SEED, 0, MAX_SEED);
    const temperature = o.temperature === undefined ? DEFAULT_TEMPERATURE : o.temperature.trim() === "" ? Number.NaN : Number(o.temperature);
    if (n === undefined) return usage(ctx, `--n needs a whole number from 1 to ${MAX_SAMPLES}, not \`${o.n ?? ""}\``, { option: "--n", value: o.n ?? "" });
    if (!(Number.isFinite(temperature) && temperature >= 0)) {
      return usage(ctx, `--temperature needs a number ≥ 0 (0: always the most likely character), not \`${o.temperature ?? ""}\``, { option: "--temperature", value: o.temperature ?? "" });
    }
    if (seed === undefined) return usage(ctx, `--seed needs a whole number from 0 to ${MAX_SEED}, not \`${o.seed ?? ""}\``, { option: "--seed", value: o.seed ?? "" });
    // Forward only: nothing is differentiated, so the program compiles faster and is smaller.
    const loaded = loadModel(ctx, file, o.model === undefined ? {} : { model: o.model }, { generate: "program", target: "js", batch: 1, differentiate: false });
    if (!loaded.ok) return loaded.status;
    if (loaded.c.program === undefined) throw new Error("nnc sample: the compiler returned no program for a model without errors");
    ctx.io.prepareEngine?.();
    const program = await importProgram(loaded.c.program);
    const promptText = o.prompt ?? "";
    try {
      const model = program.createModel(1);
      const shape = charModel(model.meta);
      const checkpoint = loadCheckpoint(o.checkpoint);
      const vocab = sampleVocabulary(checkpoint, o.checkpoint);
      restoreCheckpoint(model, checkpoint, o.checkpoint, false);
      checkVocabularyFits(shape, vocab.length, o.checkpoint);
      const prompt = encodePrompt(promptText, vocab, shape.context);
      const rng = new Rng(seed);
      // The prompt's characters are all in the vocabulary (encodePrompt checked each).
      const start = terminalText(promptText);
      for (let i = 0; i < n; i++) {
        ctx.io.stdout(start);
        // Each character is written as soon as it is drawn.
        for (const c of generateChars(model, shape, vocab, { prompt, temperature, rng })) ctx.io.stdout(terminalText(c));
        ctx.io.stdout("\n");
        await turn();
      }
    } catch (e) {
      if (e instanceof DataError && (e.code === "E0653" || e.code === "E0654")) return reportPrompt(ctx, file, e, promptText);
      if (e instanceof DataError && (e.code === "E0652" || e.code === "E0655")) return reportModel(ctx, file, e, loaded.c, loaded.model);
      return reportDataError(ctx, file, e, loaded.source, "sample", { batch: 1 });
    }
    return EXIT.ok;
  },
};
