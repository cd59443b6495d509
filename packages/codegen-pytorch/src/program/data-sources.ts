/**
 * One rule per data source of the train section (every name of DATA_SOURCE_SIGS in @nnc/ops; a test
 * checks that none is missing): the Python expression that loads it as (train, validation or None),
 * and the Python helpers it needs. Paths from the `.nn` file are string literals resolved against
 * `data_dir` (the `.nn` file's folder, or --data-dir) at run time.
 */
import { dataSourceSig, type DataArgs } from "@nnc/ops";
import { PY_CSV, PY_IDX, PY_JSON, PY_NPY } from "./py-data-files.ts";
import { PY_TEXT } from "./py-data-text.ts";
import { PY_SYNTHETIC } from "./py-synthetic.ts";
import { pyNum, pyStr } from "./py-lit.ts";

/** Python source sections a data rule needs, by name (each is written once). */
export const DATA_HELPERS = { synthetic: PY_SYNTHETIC, idx: PY_IDX, npy: PY_NPY, csv: PY_CSV, json: PY_JSON, text: PY_TEXT } as const;
export type DataHelper = keyof typeof DATA_HELPERS;

export interface PyDataRule {
  readonly helpers: readonly DataHelper[];
  /** The loading expression; `a` holds the call's arguments by name (positional ones renamed). */
  readonly call: (a: DataArgs) => string;
  /** Text data (one character a class): the program also reports nats per character. */
  readonly nats?: true;
}

/** Keyword arguments `name=literal` for the given names that the call has: numbers as floats or ints, text as strings. */
function kwargs(a: DataArgs, names: readonly string[], ints: readonly string[] = []): string[] {
  return names.flatMap((n) => {
    const v = a[n];
    if (v === undefined) return [];
    if (typeof v === "string") return [`${n}=${pyStr(v)}`];
    return [`${n}=${ints.includes(n) ? String(Math.trunc(v)) : pyNum(v)}`];
  });
}

const path = (a: DataArgs, key = "path"): string => {
  const p = a[key];
  return `data_path(${pyStr(typeof p === "string" ? p : "")}, data_dir)`;
};

const synthetic: PyDataRule = {
  helpers: ["synthetic"],
  call: (a) => `load_synthetic(${[pyStr(String(a["__source"])), ...kwargs(a, ["n", "noise", "seed", "val", "classes"], ["n", "seed", "classes"])].join(", ")})`,
};

const arrays = (reader: "read_idx" | "read_npy", helper: DataHelper): PyDataRule => ({
  helpers: ["idx", ...(helper === "idx" ? [] : [helper])],
  call: (a) => `load_arrays(${[reader, ...kwargs(a, ["x", "label", "scale", "val", "seed"], ["seed"]), "data_dir=data_dir"].join(", ")})`,
});

const csvRule: PyDataRule = {
  helpers: ["csv"],
  call: (a) => `load_csv(${[path(a), ...kwargs(a, ["label", "columns", "sep", "val", "seed"], ["seed"])].join(", ")})`,
};
const jsonRule: PyDataRule = { helpers: ["json"], call: (a) => `load_json(${[path(a), ...kwargs(a, ["val", "seed"], ["seed"])].join(", ")})` };

/** `data = "file.ext"`: the format follows the extension, as the runtime's fileKind. */
function fileRule(a: DataArgs): PyDataRule {
  const p = String(a["path"] ?? "").toLowerCase().replace(/\.gz$/, "");
  if (p.endsWith(".csv")) return csvRule;
  if (p.endsWith(".json")) return jsonRule;
  const asX = (r: PyDataRule): PyDataRule => ({ helpers: r.helpers, call: (b) => r.call({ x: b["path"] ?? "" }) });
  if (p.endsWith(".npy")) return asX(arrays("read_npy", "npy"));
  if (/idx\d-ubyte$|\.idx\d?$|-ubyte$/.test(p)) return asX(arrays("read_idx", "idx"));
  return { helpers: [], call: () => `fail(${pyStr(`cannot tell the format of ${String(a["path"] ?? "")} from its name: name the format, csv(...), json(...), idx(x = ...), npy(x = ...)`)})` };
}

export const PY_DATA_SOURCES: Readonly<Record<string, PyDataRule>> = {
  mnist: { helpers: ["idx"], call: () => "load_mnist(data_dir)" },
  spirals: synthetic,
  moons: synthetic,
  circles: synthetic,
  xor: synthetic,
  blobs: synthetic,
  csv: csvRule,
  idx: arrays("read_idx", "idx"),
  npy: arrays("read_npy", "npy"),
  json: jsonRule,
  chars: { helpers: ["text"], nats: true, call: (a) => `load_chars(${[path(a), ...kwargs(a, ["context", "val", "seed"], ["context", "seed"])].join(", ")})` },
  names: { helpers: ["text"], nats: true, call: (a) => `load_names(${[...kwargs(a, ["context", "val", "seed"], ["context", "seed"]), "data_dir=data_dir"].join(", ")})` },
  file: { helpers: ["csv", "json", "idx", "npy"], call: (a) => fileRule(a).call(a) },
};

/** The call's arguments by name: positional ones ("0", "1") renamed after the source's signature; `__source` is the name. */
export function namedDataArgs(source: string, args: DataArgs): DataArgs {
  const sig = dataSourceSig(source);
  const out: Record<string, number | string> = { __source: source };
  for (const [k, v] of Object.entries(args)) {
    const i = /^\d+$/.test(k) ? Number(k) : -1;
    out[i >= 0 ? (sig?.positional[i] ?? k) : k] = v;
  }
  return out;
}

/** The rule of a source and the helpers it needs; undefined for a name the table lacks. */
export function dataRule(source: string, args: DataArgs): PyDataRule | undefined {
  const rule = Object.hasOwn(PY_DATA_SOURCES, source) ? PY_DATA_SOURCES[source] : undefined;
  if (rule === undefined) return undefined;
  return source === "file" ? fileRule(namedDataArgs(source, args)) : rule;
}
