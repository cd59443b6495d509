import { dirname, isAbsolute, join } from "node:path";
import { loadNames } from "./corpus-names.ts";
import { loadCsv } from "./csv-data.ts";
import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, splitDataset, type DataField, type DataSplit } from "./dataset.ts";
import { readIdxFile, type ArrayFile } from "./idx-data.ts";
import { loadJsonData } from "./json-data.ts";
import { loadMnist } from "./mnist-data.ts";
import { readNpyFile } from "./npy-data.ts";
import { isSyntheticSource, loadSynthetic } from "./synthetic.ts";
import { loadChars } from "./text-data.ts";

export const DATA_SOURCES = ["mnist", "spirals", "moons", "circles", "xor", "blobs", "csv", "idx", "npy", "json", "chars", "names", "file"] as const;

function resolvePath(path: string, baseDir: string): string {
  return isAbsolute(path) ? path : join(baseDir, path);
}

/**
 * `idx(x = "images.idx3-ubyte.gz", label = "labels.idx1-ubyte.gz")` and `npy(x = "x.npy", label = "y.npy")`:
 * one file per field (positional: x, then label); dim 0 of every file counts the examples. Bytes
 * bound to a float input are divided by `scale` (default 255).
 */
function loadArrayFiles(spec: DataSourceSpec, baseDir: string, read: (path: string) => ArrayFile): DataSplit {
  const args = new ArgReader(spec, ["x", "label"]);
  const files = (["x", "label"] as const).flatMap((field) => {
    const p = args.string(field);
    return p === undefined ? [] : [{ field, path: resolvePath(p, baseDir) }];
  });
  const scale = args.number("scale", 255, (v) => v > 0, "greater than 0");
  const val = args.number("val", 0.2, (v) => v >= 0 && v < 1, "in [0, 1)");
  const seed = args.integer("seed", 0, 0);
  args.finish([]);
  if (files.length === 0) throw new DataError("E0622", `\`${spec.source}\` needs at least one file: \`${spec.source}(x = "…", label = "…")\``);
  const fields: DataField[] = files.map(({ field, path }) => {
    const a = read(path);
    return { name: field, shape: a.shape, data: a.data, byteScale: 1 / scale, file: path };
  });
  const first = files[0]!.path;
  const ds = makeDataset(files.map((f) => f.path).join(" + "), fields, (i) => ({ file: first, where: `record ${i}` }));
  return splitDataset(ds, val, seed);
}

function fileKind(path: string): "csv" | "idx" | "npy" | "json" | undefined {
  const p = path.toLowerCase().replace(/\.gz$/, "");
  if (p.endsWith(".csv")) return "csv";
  if (p.endsWith(".npy")) return "npy";
  if (p.endsWith(".json")) return "json";
  if (/idx\d-ubyte$|\.idx\d?$|-ubyte$/.test(p)) return "idx";
  return undefined;
}

/**
 * Loads the data a spec names. Relative paths are resolved against `baseDir` (the `.nn` file's folder
 * for a train section's `data = …`, the working directory for `--data`).
 */
export function loadData(spec: DataSourceSpec, baseDir: string): DataSplit {
  if (spec.source === "mnist") return loadMnist(spec);
  if (spec.source === "names") return loadNames(spec);
  if (spec.source === "chars") return loadChars(spec, baseDir);
  if (isSyntheticSource(spec.source)) return loadSynthetic(spec);
  if (spec.source === "idx") return loadArrayFiles(spec, baseDir, readIdxFile);
  if (spec.source === "npy") return loadArrayFiles(spec, baseDir, readNpyFile);
  if (spec.source === "csv" || spec.source === "json" || spec.source === "file") {
    const raw = new ArgReader(spec, ["path"]).string("path");
    if (raw === undefined) throw new DataError("E0622", `\`${spec.source}\` needs a file name: \`${spec.source === "file" ? "csv" : spec.source}("data.${spec.source === "json" ? "json" : "csv"}")\``);
    const path = resolvePath(raw, baseDir);
    const kind = spec.source === "file" ? fileKind(raw) : spec.source;
    if (kind === "csv") return loadCsv(spec, path);
    if (kind === "json") return loadJsonData(spec, path);
    if (kind === "idx" || kind === "npy") return loadArrayFiles({ source: kind, args: { ...withoutPath(spec.args), x: raw } }, baseDir, kind === "idx" ? readIdxFile : readNpyFile);
    throw new DataError("E0621", `cannot tell the format of \`${raw}\` from its name`, { help: 'name the format: csv("…"), json("…"), idx(x = "…"), npy(x = "…")' });
  }
  throw new DataError("E0621", `unknown data source \`${spec.source}\``, { help: `the sources are ${DATA_SOURCES.filter((s) => s !== "file").join(", ")}, or a file name in quotes` });
}

function withoutPath(args: DataSourceSpec["args"]): DataSourceSpec["args"] {
  const out = Object.create(null) as Record<string, DataSourceSpec["args"][string]>; // `__proto__` stays a key (and is refused as unknown)
  for (const [k, v] of Object.entries(args)) if (k !== "path" && k !== "0") out[k] = v;
  return out;
}

export function dataBaseDir(nnFile: string): string {
  return dirname(nnFile);
}
