/**
 * The runtime as source text, for inlining into generated programs. NOT itself inlined: it reads the
 * sibling runtime files at compile time. Each inlined file imports only `node:` built-ins and sibling
 * files, and top-level names are unique across them, so concatenation is sound.
 */
import { commentText, jsString, jsValue } from "./code-escape.ts";
import { DATA_SOURCES } from "./data-source.ts";
import { addImport, collectChunks, importLines, joinChunks, localName, readRuntimeFile, runtimeFilesFrom, usedImports, type NodeImports } from "./runtime-chunks.ts";
import { remembered, requireTypescript, shakeRuntime } from "./runtime-shake.ts";
import { cutKindTables, type KindTables } from "./runtime-tables.ts";
import type { ProgramInfo } from "./program-info.ts";
import { splitProgram, type ProgramFileNames, type ProgramFiles } from "./program-split.ts";
import { SYNTHETIC_SETS } from "./synthetic.ts";

export { runtimeFileName, runtimeSpecifier, type ProgramFileNames, type ProgramFiles } from "./program-split.ts";

/**
 * Groups of the runtime; each pulls in the sibling files it imports. A program includes the groups
 * of programParts: the data loaders only for the sources its train section names.
 */
export const RUNTIME_PARTS = {
  contract: ["compiled-model.ts", "program-info.ts"],
  training: ["train-loop.ts", "run.ts"],
  data: ["data-spec.ts"],
  checkpoint: ["checkpoint.ts"],
  main: ["program-main.ts", "relaxed-simd.ts"],
  synthetic: ["synthetic.ts"],
  mnist: ["mnist-data.ts"],
  /** Text data: chars() reads a file; names() the shipped corpus (it pulls in text-data.ts too). */
  chars: ["text-data.ts"],
  names: ["corpus-names.ts"],
  /** Every loader (data-source.ts dispatches over all of them): files, and `--data` without a train-section source. */
  files: ["data-source.ts"],
  predict: ["predict.ts"],
} as const;

export type RuntimePart = keyof typeof RUNTIME_PARTS;

/** The data groups and, per group, the program's loader entries (`source: (spec, dir) => …` as code). */
const LOADER_CODE: Readonly<Record<DataPart, (source: string) => string>> = {
  synthetic: (source) => `${jsString(source)}: (spec) => loadSynthetic(spec)`,
  mnist: () => `"mnist": (spec) => loadMnist(spec)`,
  chars: () => `"chars": (spec, dir) => loadChars(spec, dir)`,
  names: () => `"names": (spec) => loadNames(spec)`,
  files: () => `"*": (spec, dir) => loadData(spec, dir)`,
};

type DataPart = "synthetic" | "mnist" | "chars" | "names" | "files";

/** The data group a source name needs. */
function dataPart(source: string): DataPart {
  if (source === "mnist" || source === "chars" || source === "names") return source;
  return Object.hasOwn(SYNTHETIC_SETS, source) ? "synthetic" : "files";
}

/**
 * The runtime groups a program needs: the training loop, checkpoints (--save/--resume), the CLI, and
 * the loader of its train section's data source (every loader when it names none: `--data` decides).
 * Prediction is `nnc predict`'s, never a program's.
 */
export function programParts(info: ProgramInfo): RuntimePart[] {
  const source = info.train?.data?.source;
  return ["contract", "training", "data", "checkpoint", "main", source === undefined ? "files" : dataPart(source)];
}

/**
 * The kind tables' entries a program reads (runtime-tables.ts): its train section's schedule and
 * metrics (no command-line option picks others); with none selected, the defaults (constant, and
 * accuracy for a classifier).
 */
export function programKindTables(info: ProgramInfo): KindTables {
  const schedule: string = info.train?.schedule?.kind ?? "constant";
  const metrics: string[] = info.train?.metrics?.map((m) => m.kind) ?? ["accuracy"];
  return new Map([
    ["SCHEDULE_SEMANTICS", new Set([schedule])],
    ["METRIC_SEMANTICS", new Set(metrics)],
  ]);
}

function loaderEntries(info: ProgramInfo): string[] {
  const source = info.train?.data?.source;
  if (source === undefined) return [LOADER_CODE.files("*")];
  const part = dataPart(source);
  if (part === "synthetic") return Object.keys(SYNTHETIC_SETS).map((s) => LOADER_CODE.synthetic(s));
  return [LOADER_CODE[part](source)];
}

/** Files of `parts` and everything they import, dependencies first, each once. */
export function runtimeFiles(parts: readonly RuntimePart[] = Object.keys(RUNTIME_PARTS) as RuntimePart[]): string[] {
  return runtimeFilesFrom(parts.flatMap((p) => RUNTIME_PARTS[p]));
}

/** The runtime body (no imports, no exports) and the node imports it needs. */
function collect(parts: readonly RuntimePart[] | undefined): { body: string; imports: NodeImports } {
  const { chunks, imports } = collectChunks(runtimeFiles(parts));
  return { body: joinChunks(chunks), imports };
}

/** Types are stripped with the TypeScript compiler (loaded only when the "js" target is asked for). */
export function stripTypes(ts: string): string {
  const typescript = requireTypescript();
  const out = typescript.transpileModule(ts, {
    compilerOptions: { target: typescript.ScriptTarget.ES2022, module: typescript.ModuleKind.ESNext, verbatimModuleSyntax: true, removeComments: false },
  });
  return out.outputText;
}

/**
 * Memo of stripTypes over the runtime body: the body depends only on the runtime files, so every
 * program compiled in one process (tests, benchmarks, the playground's server side) shares one
 * transpilation, keyed by the exact text so an edited file is never served stale.
 */
const strippedRuntime = new Map<string, string>();

function stripRuntime(ts: string): string {
  // The shaken runtime differs by program: a bounded memo (it starts over past 64 texts).
  return remembered(strippedRuntime, ts, () => stripTypes(ts), 64);
}

/**
 * The runtime's source for inlining: sibling imports removed, `node:` imports hoisted to the top
 * and deduplicated, no `export`s; for "js" the types are stripped.
 */
export function runtimeSource(target: "ts" | "js", parts?: readonly RuntimePart[]): string {
  const { body, imports } = collect(parts);
  const ts = `${importLines(imports)}\n\n${body}`;
  return target === "ts" ? ts : stripRuntime(ts);
}

/** Top-level names the runtime defines: generated code must not define these (helpers, classes). */
export function runtimeTopLevelNames(parts?: readonly RuntimePart[]): string[] {
  const { body } = collect(parts);
  const names = [...body.matchAll(/^(?:async\s+)?(?:function\*?|class|const|let|interface|type|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** Names the glue of assembleProgram imports or declares. */
const GLUE_IMPORTS = [["node:path", "dirname"], ["node:path", "resolve"], ["node:url", "fileURLToPath"]] as const;
const GLUE_NAMES = ["PROGRAM", "createModel"];

/** The runtime with every part (what any program may contain): its body and every node import, the glue's included. */
function programRuntime(): { body: string; imports: NodeImports } {
  const r = collect(undefined);
  for (const [module, name] of GLUE_IMPORTS) addImport(r.imports, module, name, false);
  return r;
}

/**
 * Every name an assembled program (of any parts) binds at top level besides the model class: the
 * runtime's declarations, its imports (local names) and the glue's. The class must take none of them
 * (CodegenInput.reserved), or the program would not load.
 */
export function programTopLevelNames(): string[] {
  // Memoised on the runtime files' texts (every compile asks twice; an edited file is never served
  // stale). readRuntimeFile returns an unchanged file's text as the same string, so the comparison is
  // by identity, without hashing the whole runtime each time.
  const texts = runtimeFiles().map(readRuntimeFile);
  if (topLevelNames !== null && texts.length === topLevelNames.texts.length && texts.every((t, i) => t === topLevelNames!.texts[i])) return [...topLevelNames.names];
  const { imports } = programRuntime();
  const imported = [...imports.values.values(), ...imports.types.values()].flatMap((set) => [...set].map(localName));
  const names = [...new Set([...runtimeTopLevelNames(), ...imported, ...GLUE_NAMES])].sort();
  topLevelNames = { texts, names };
  return [...names];
}

let topLevelNames: { readonly texts: readonly string[]; readonly names: readonly string[] } | null = null;

/** PROGRAM as code: one line per key, and one per memory entry (a program is read by people). */
function programInfoCode(info: ProgramInfo): string {
  const entries = Object.entries(info).map(([k, v]) => {
    if (k === "memory" && Array.isArray(v)) return `  ${jsString(k)}: [\n${v.map((m) => `    ${jsValue(m)},`).join("\n")}\n  ],`;
    return `  ${jsString(k)}: ${jsValue(v)},`;
  });
  return `{\n${entries.join("\n")}\n}`;
}

export interface AssembleInput {
  readonly target: "ts" | "js";
  /** The generated model class (in `target`'s language), with no imports. */
  readonly modelCode: string;
  readonly className: string;
  readonly info: ProgramInfo;
}

/** Both forms of one program, from one shaken runtime. */
export interface AssembledProgram {
  /** One file, the runtime pasted in: what in-process users (nnc train, sample, the bench) import; assembled when first read. */
  readonly single: string;
  /** The program and, beside it, its runtime module, for files named `names` (`nnc compile -o`). */
  readonly files: (names: ProgramFileNames) => ProgramFiles;
}

/** The glue: exports `PROGRAM` and `createModel(maxBatch)` and, when run as a script (`node train.mjs`), trains. */
function programGlue(a: AssembleInput): string {
  // User text (the path, data specs) reaches the program only through code-escape.ts.
  return `export const PROGRAM: ProgramInfo = ${programInfoCode(a.info)};

/** A fresh model whose buffers hold up to \`maxBatch\` examples per step. */
export function createModel(maxBatch: number): CompiledModel {
  return new ${a.className}(maxBatch);
}

// Run as a script (not imported): train with the command-line options, on relaxed SIMD where the engine can (relaxed-simd.ts).
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  offerRelaxedSimd();
  const data: ProgramData = {
    dir: dirname(fileURLToPath(import.meta.url)),
    known: ${jsValue(DATA_SOURCES)},
    loaders: { ${loaderEntries(a.info).join(", ")} },
  };
  process.exitCode = runProgramMain(PROGRAM, createModel, process.argv.slice(2), data);
}
`;
}

/**
 * A generated program in both forms: one file (a header comment, the runtime, the model class and
 * the glue) and the same code split in two modules (program-split.ts).
 */
export function assembleProgramForms(a: AssembleInput): AssembledProgram {
  if (!/^[A-Za-z_$][\w$]*$/.test(a.className) || programTopLevelNames().includes(a.className)) {
    throw new Error(`assembleProgram: the class name ${JSON.stringify(a.className)} is not an identifier free in the program (see programTopLevelNames)`);
  }
  const { chunks, imports } = collectChunks(runtimeFiles(programParts(a.info)));
  for (const [module, name] of GLUE_IMPORTS) addImport(imports, module, name, false);
  const glue = programGlue(a);
  const usesTs = `${a.modelCode}\n${glue}`;
  // Only what the class and the glue reach (runtime-shake.ts), and the imports that code uses.
  const shaken = shakeRuntime(cutKindTables(chunks, programKindTables(a.info)), usesTs);
  const body = `// ---- model ----\n${a.modelCode.trim()}\n\n// ---- program ----\n${a.target === "ts" ? glue : stripTypes(glue)}`;
  const header = `// Generated by nnc from ${commentText(jsString(a.info.source))}: model ${commentText(a.info.model)}.\n// Do not edit: change the .nn file and recompile. Run: ${a.target === "ts" ? "npx tsx" : "node"} <this file> --help\n`;
  const runtime = `${importLines(usedImports(imports, shaken.names))}\n\n${joinChunks(shaken.chunks)}`;
  let single: string | undefined;
  const files = (names: ProgramFileNames): ProgramFiles =>
    splitProgram({ target: a.target, names, source: a.info.source, model: a.info.model, shaken, imports, usesTs, body, stripTypes: stripRuntime });
  return {
    // Made when first read: for "js" it strips the runtime's types, which writing the two files does apart.
    get single(): string {
      return (single ??= `${header}${a.target === "ts" ? runtime : stripRuntime(runtime)}\n${body}`);
    },
    files,
  };
}

/** The single-file program (assembleProgramForms(a).single). */
export function assembleProgram(a: AssembleInput): string {
  return assembleProgramForms(a).single;
}
