import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, splitDataset, type DataField, type DataSplit } from "./dataset.ts";
import { readDataText } from "./file-read.ts";

/** Splits one CSV record into cells: `sep`-separated, RFC 4180 quotes ("a, b" and "" for a quote). */
export function splitCsvLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (c === sep) {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** A decimal number cell (`1`, `-0.5`, `1e-3`, `nan`/`inf` are rejected); else undefined. */
function parseCell(cell: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell)) return undefined;
  return Number(cell);
}

/**
 * `csv("file.csv", label = "y", columns = ["a", "b"], sep = ",", val = 0.2, seed = 0)`: the first
 * line is a header naming the columns. Field `label` is the label column (default: the column named
 * "label", if any) — numbers, or text class names mapped to 0, 1, … in sorted order; field `x` holds
 * the `columns` given (default: every other column) as numbers, in the order listed.
 */
export function loadCsv(spec: DataSourceSpec, path: string): DataSplit {
  const args = new ArgReader(spec, ["path"]);
  args.string("path");
  const sep = args.string("sep") ?? ",";
  const labelArg = args.string("label");
  const columnsArg = args.names("columns");
  const val = args.number("val", 0.2, (v) => v >= 0 && v < 1, "in [0, 1)");
  const seed = args.integer("seed", 0, 0);
  args.finish([]);
  const lines = readDataText(path).split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "", sep);
  if (header.length === 0 || header.every((h) => h === "")) throw new DataError("E0623", `\`${path}\` is empty: a CSV data file starts with a header line naming its columns`, { file: path, where: "line 1" });
  const column = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new DataError("E0625", `\`${path}\` has no column \`${name}\``, { file: path, where: "line 1", help: `its columns are ${header.map((h) => `\`${h}\``).join(", ")}` });
    }
    return i;
  };
  const labelCol = labelArg !== undefined ? column(labelArg) : header.indexOf("label");
  const featureCols = columnsArg !== undefined ? columnsArg.map(column) : header.map((_, i) => i).filter((i) => i !== labelCol);
  if (featureCols.length === 0) throw new DataError("E0625", `\`${path}\` has no feature columns besides the label`, { file: path, where: "line 1" });
  const rows: { cells: string[]; line: number }[] = [];
  for (let l = 1; l < lines.length; l++) {
    const text = lines[l]!;
    if (text.trim() === "") continue;
    const cells = splitCsvLine(text, sep);
    if (cells.length !== header.length) {
      throw new DataError("E0623", `\`${path}\` line ${l + 1} has ${cells.length} column${cells.length === 1 ? "" : "s"}, but the header has ${header.length}`, {
        file: path,
        where: `line ${l + 1}`,
        help: "every line needs one value per header column; quote cells that contain the separator",
      });
    }
    rows.push({ cells, line: l + 1 });
  }
  const x = new Float64Array(rows.length * featureCols.length);
  for (const [r, row] of rows.entries()) {
    for (const [j, c] of featureCols.entries()) {
      const cell = row.cells[c]!;
      const v = parseCell(cell);
      if (v === undefined) {
        throw new DataError("E0624", `\`${path}\` line ${row.line}, column \`${header[c]!}\`: ${JSON.stringify(cell)} is not a number`, {
          file: path,
          where: `line ${row.line}`,
          help: "feature cells must be decimal numbers; select the numeric columns with `columns = [...]`",
        });
      }
      x[r * featureCols.length + j] = v;
    }
  }
  const fields: DataField[] = [{ name: "x", shape: [featureCols.length], data: x, byteScale: 1 }];
  if (labelCol >= 0) fields.push(labelField(rows.map((r) => r.cells[labelCol]!)));
  const locate = (i: number): { file: string; where: string } => ({ file: path, where: `line ${rows[i]?.line ?? i + 2}` });
  return splitDataset(makeDataset(path, fields, locate), val, seed);
}

/** Numeric labels stay numbers (checked against the model at binding); text labels become sorted class indices. */
function labelField(cells: readonly string[]): DataField {
  const numbers = cells.map(parseCell);
  if (numbers.every((v) => v !== undefined)) return { name: "label", shape: [], data: Float64Array.from(numbers), byteScale: 1 };
  const classNames = [...new Set(cells)].sort();
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { name: "label", shape: [], data: Int32Array.from(cells, (c) => index.get(c)!), byteScale: 1, classNames };
}
