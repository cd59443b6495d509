import { isAbsolute, join } from "node:path";
import type { CompiledModel } from "./compiled-model.ts";
import type { DataSourceSpec } from "./data-args.ts";
import { DataError, formatDataError } from "./data-error.ts";
import { parseDataSpec } from "./data-spec.ts";
import { parseMemorySize } from "./memory-budget.ts";
import { engineLimitError, formatInternalProgramError } from "./error-boundary.ts";
import type { DataSplit } from "./dataset.ts";
import { DEFAULT_BATCH, type ProgramInfo } from "./program-info.ts";
import { runTraining, type RunOverrides } from "./run.ts";

/** The most epochs a run may ask for (`--epochs`, `epochs =`): far beyond any real run. */
export const MAX_EPOCHS = 1_000_000;
/** Seeds are 32-bit (the RNG uses `seed >>> 0`): a larger one would silently alias a smaller one. */
export const MAX_SEED = 4_294_967_295;

const PROGRAM_USAGE = `usage: node PROGRAM [options]

Trains the model compiled into this program.

options:
  --epochs N      number of epochs, 1 to 1000000 (default: the train section's, else 10)
  --batch N       examples per step (default: the train section's, else 32)
  --lr X          learning rate (default: the optimizer's)
  --seed N        seed of initialisation and shuffling, 0 to 4294967295 (default: the train
                  section's, else 0)
  --data SPEC     data source, e.g. 'spirals(n=500)' or 'csv("f.csv", label="y")'
  --save FILE     write a checkpoint after every epoch (atomically)
  --resume FILE   continue from a checkpoint written by --save
  --json          one JSON line per epoch on stdout
  --max-memory S  refuse to start when the model's planned memory exceeds S (e.g. 512M, 4G;
                  default: half of this machine's memory, at most 4G)
  -h, --help      show this help
`;

/** Parses the options of a generated program; throws a DataError (E0621/E0622) for bad usage. */
export function parseProgramArgs(argv: readonly string[]): RunOverrides | "help" {
  const o = { epochs: null as number | null, batch: null as number | null, lr: null as number | null, seed: null as number | null, data: null as RunOverrides["data"], save: null as string | null, resume: null as string | null, json: false, maxMemory: null as number | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf("=");
    const flag = a.startsWith("--") && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const v = a.startsWith("--") && eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new DataError("E0622", `option ${flag} needs a value`);
      return v;
    };
    const count = (min: number, max = Number.MAX_SAFE_INTEGER): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new DataError("E0622", `option ${flag} needs a whole number ≥ ${min}, got \`${v}\``);
      if (n > max) throw new DataError("E0622", `option ${flag} must be at most ${max}, got \`${v}\``);
      return n;
    };
    if (flag === "-h" || flag === "--help") return "help";
    else if (flag === "--json") o.json = true;
    else if (flag === "--epochs") o.epochs = count(1, MAX_EPOCHS);
    else if (flag === "--batch") o.batch = count(1);
    else if (flag === "--seed") o.seed = count(0, MAX_SEED);
    else if (flag === "--lr") {
      const v = value();
      o.lr = Number(v);
      if (!(o.lr > 0) || !Number.isFinite(o.lr)) throw new DataError("E0622", `option --lr needs a number > 0, got \`${v}\``);
    } else if (flag === "--data") o.data = parseDataSpec(value());
    else if (flag === "--max-memory") {
      const v = value();
      o.maxMemory = parseMemorySize(v) ?? null;
      if (o.maxMemory === null) throw new DataError("E0622", `option --max-memory needs a size such as 512M or 4G, got \`${v}\``);
    } else if (flag === "--save") o.save = value();
    else if (flag === "--resume") o.resume = value();
    else throw new DataError("E0622", `unknown option \`${a}\``, { help: "run with --help for the options" });
  }
  return o;
}

/** A data loader compiled into a program: `(spec, baseDir)` → the split. */
export type ProgramLoader = (spec: DataSourceSpec, baseDir: string) => DataSplit;

/** What a generated program knows about data besides its train section. */
export interface ProgramData {
  /** The folder of the program file: `info.dataDir` is relative to it. */
  readonly dir: string;
  /** Every source name nnc knows (for the unknown-source message). */
  readonly known: readonly string[];
  /** The loaders compiled in, by source name; `*` loads every source (all loaders compiled in). */
  readonly loaders: Readonly<Record<string, ProgramLoader>>;
}

/**
 * A source the program was compiled without: the spec is valid (`nnc train` reads it), so this is a
 * data error (exit 1), not bad usage — `nnc train` exits 1 for a file it cannot read under the same spec.
 */
class NotCompiledIn extends DataError {}

/**
 * The exit status of a DataError, as `nnc train` gives it for the same `--data` (docs/cli.md): 2 for an
 * unreadable spec, unknown source or bad argument or option (E0621, E0622) that names no file and no
 * `.nn` line, 1 for every other data or training error.
 */
export function dataErrorStatus(error: DataError): 1 | 2 {
  const usage = (error.code === "E0621" || error.code === "E0622") && error.file === undefined && error.sourceLine === undefined;
  return usage && !(error instanceof NotCompiledIn) ? 2 : 1;
}

/** The program's loader: a source it was compiled without is a clear error, not a crash. */
export function programLoader(data: ProgramData): ProgramLoader {
  return (spec, baseDir) => {
    const all = data.loaders["*"];
    if (all !== undefined) return all(spec, baseDir);
    const load = Object.hasOwn(data.loaders, spec.source) ? data.loaders[spec.source] : undefined;
    if (load !== undefined) return load(spec, baseDir);
    if (!data.known.includes(spec.source)) {
      throw new DataError("E0621", `unknown data source \`${spec.source}\``, { help: `the sources are ${data.known.filter((s) => s !== "file").join(", ")}, or a file name in quotes` });
    }
    const kind = spec.source === "file" ? "file" : spec.source;
    const has = Object.keys(data.loaders).sort().join(", ");
    throw new NotCompiledIn("E0621", `this program was compiled without ${kind} support (it reads ${has === "" ? "no data source" : has})`, {
      help: `recompile it from a .nn file whose train section uses \`data = ${kind === "file" ? '"…"' : `${kind}(…)`}\`, or train with \`nnc train FILE.nn --data …\``,
    });
  };
}

/**
 * The `main` of a generated program: returns the exit status (0 ok, 1 a data/training error, 2 usage,
 * 70 a bug). Nothing escapes as a raw stack: a DataError, or an engine limit turned into one
 * (E0658 too large, E0659 nested too deeply), is printed as `error[CODE]: …`; anything else as the
 * one-line E0900, with the stack only under NNC_DEBUG=1.
 */
export function runProgramMain(info: ProgramInfo, createModel: (maxBatch: number) => CompiledModel, argv: readonly string[], data: ProgramData): number {
  let batch: number | null = null;
  try {
    const o = parseProgramArgs(argv);
    if (o === "help") {
      process.stdout.write(PROGRAM_USAGE);
      return 0;
    }
    batch = o.batch ?? info.train?.batch ?? DEFAULT_BATCH;
    // The train section's relative paths are relative to the .nn file, written relative to the program file.
    const dataDir = isAbsolute(info.dataDir) ? info.dataDir : join(data.dir, info.dataDir);
    const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), isTTY: process.stderr.isTTY, cwd: process.cwd(), loadData: programLoader(data) };
    runTraining({ ...info, dataDir }, createModel, o, io);
    return 0;
  } catch (e) {
    const error = e instanceof DataError ? e : engineLimitError(e, batch);
    if (error === undefined) {
      process.stderr.write(formatInternalProgramError(e, process.env["NNC_DEBUG"] === "1"));
      return 70;
    }
    process.stderr.write(formatDataError(error));
    return dataErrorStatus(error);
  }
}
