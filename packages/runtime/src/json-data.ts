import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, splitDataset, type DataField, type DataSplit } from "./dataset.ts";
import { readDataText } from "./file-read.ts";

/** Nesting deeper than this is refused before it is walked: a record has at most this many dims. */
const MAX_JSON_DIMS = 32;

/** The shape of a nested array of numbers, or a description of what is wrong at `path`. */
function shapeOf(v: unknown, depth = 0): number[] | string {
  if (typeof v === "number") return Number.isFinite(v) ? [] : "is not a finite number";
  if (!Array.isArray(v)) return `is ${v === null ? "null" : typeof v}, not a number or a list`;
  if (depth >= MAX_JSON_DIMS) return `nests lists more than ${MAX_JSON_DIMS} deep; a record has at most ${MAX_JSON_DIMS} dims`;
  const items = v as unknown[];
  if (items.length === 0) return "is an empty list";
  const first = shapeOf(items[0], depth + 1);
  if (typeof first === "string") return `[0] ${first}`;
  for (let i = 1; i < items.length; i++) {
    const s = shapeOf(items[i], depth + 1);
    if (typeof s === "string") return `[${i}] ${s}`;
    if (s.join(",") !== first.join(",")) return `[${i}] has shape [${s.join(", ")}], but [0] has [${first.join(", ")}]`;
  }
  return [items.length, ...first];
}

/** Appends the numbers of `v` in C order; `v` passed shapeOf, so its depth is bounded. */
function flattenInto(v: unknown, out: number[]): void {
  if (typeof v === "number") out.push(v);
  else for (const item of v as unknown[]) flattenInto(item, out);
}

/**
 * `json("file.json", val = 0.2, seed = 0)`: an object whose keys are field names and whose values are
 * lists of records, e.g. `{"x": [[0.1, 0.2], …], "label": [0, …]}`; every record of a field has the
 * same shape (a number, a list, a list of lists, …).
 */
export function loadJsonData(spec: DataSourceSpec, path: string): DataSplit {
  const args = new ArgReader(spec, ["path"]);
  args.string("path");
  const val = args.number("val", 0.2, (v) => v >= 0 && v < 1, "in [0, 1)");
  const seed = args.integer("seed", 0, 0);
  args.finish([]);
  const fail = (message: string, where?: string): never => {
    throw new DataError("E0628", `\`${path}\`${where === undefined ? "" : ` ${where}`}: ${message}`, { file: path, ...(where === undefined ? {} : { where }), help: 'the JSON data format is {"x": [[...], ...], "label": [...]}: one list of records per field' });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readDataText(path));
  } catch (e) {
    if (e instanceof DataError) throw e;
    fail(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) fail("the top level must be an object of fields");
  const fields: DataField[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(value)) fail(`field \`${name}\` must be a list of records`);
    const records = value as unknown[];
    const first = shapeOf(records[0]);
    for (const [i, rec] of records.entries()) {
      const s = shapeOf(rec);
      if (typeof s === "string") fail(s, `field \`${name}\` record ${i}`);
      else if (typeof first !== "string" && s.join(",") !== first.join(",")) fail(`has shape [${s.join(", ")}], but record 0 has [${first.join(", ")}]`, `field \`${name}\` record ${i}`);
    }
    const flat: number[] = [];
    flattenInto(records, flat);
    fields.push({ name, shape: typeof first === "string" ? [] : first, data: Float64Array.from(flat), byteScale: 1 });
  }
  if (fields.length === 0) fail("the object has no fields");
  return splitDataset(makeDataset(path, fields, (i) => ({ file: path, where: `record ${i}` })), val, seed, true);
}
