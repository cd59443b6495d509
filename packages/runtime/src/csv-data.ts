import { ArgReader, type DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";
import { makeDataset, splitDataset, type DataField, type DataSplit } from "./dataset.ts";
import { streamDataText } from "./file-read.ts";

/** One CSV record: its cells (trimmed) and the physical line it starts on (1-based). */
export interface CsvRecord {
  readonly cells: readonly string[];
  readonly line: number;
  /** Whether the record is only whitespace (an empty line), which readers skip. */
  readonly blank: boolean;
}

/**
 * A cell that reaches this length at the end of a piece is refused (a cell completed within its last
 * piece may exceed it by < 64 Ki): V8 strings end near 2^29 characters, and no number or class name
 * is this long.
 */
const MAX_CELL_CHARS = 1 << 24;
const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * An incremental RFC 4180 scanner: text is fed in pieces of any size (a quote pair or a CRLF may be
 * split between pieces), records come out one by one. A quote opens a quoted cell only at the cell's
 * start (after blanks); inside, `""` is a quote and separators and line breaks are text, so a record
 * may span lines and is numbered by the line it starts on. Unquoted cells are trimmed.
 */
export class CsvScanner {
  private cells: string[] = [];
  private cell = "";
  private quoted = false;
  /** Inside a quoted cell, a `"` was the last character seen: a closing quote or half of `""`. */
  private quotePending = false;
  private blank = true;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(
    private readonly sep: string,
    /** The file, for errors. */
    private readonly path: string,
    private readonly onRecord: (record: CsvRecord) => void,
  ) {}

  feed(text: string): void {
    const sep = this.sep.charCodeAt(0);
    // text[seg, i) belongs to the current cell but is not yet copied into `cell`: cells are sliced, not built by the character.
    let seg = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quotePending) {
        this.quotePending = false;
        if (c === QUOTE) {
          // `""` inside quotes: this second quote is the cell's text.
          seg = i;
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (c === QUOTE) {
          this.cell += text.slice(seg, i);
          this.quotePending = true;
          seg = i + 1;
        } else if (c === NEWLINE) this.line++;
        continue;
      }
      if (c === NEWLINE) {
        this.cell += text.slice(seg, i);
        seg = i + 1;
        this.endRecord();
        this.line++;
        this.recordLine = this.line;
        continue;
      }
      if (c !== SPACE && c !== TAB && c !== RETURN) this.blank = false;
      if (c === QUOTE) {
        this.cell += text.slice(seg, i);
        seg = i;
        if (this.cell.trim() === "") {
          this.quoted = true;
          this.quoteLine = this.line;
          this.cell = "";
          seg = i + 1;
        }
      } else if (c === sep) {
        this.cells.push((this.cell + text.slice(seg, i)).trim());
        this.cell = "";
        seg = i + 1;
      }
    }
    this.cell += text.slice(seg);
    // Within one piece a cell grows by at most the piece; across pieces it is checked here.
    if (this.cell.length >= MAX_CELL_CHARS) this.tooLong();
  }

  private tooLong(): never {
    const [where, why] = this.quoted
      ? [this.quoteLine, "a quoted cell opened here runs on for 16 Mi characters or more: is its closing quote missing?"]
      : [this.recordLine, "a cell of the record starting here reaches 16 Mi characters"];
    throw new DataError("E0649", `\`${this.path}\` line ${where}: ${why}`, {
      file: this.path,
      where: `line ${where}`,
      help: 'close each quoted cell; inside a quoted cell write a quote as "" (two quotes)',
    });
  }

  /** Ends the text: reports a quoted cell left open, and passes on the last record. */
  end(): void {
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.quoted) {
      throw new DataError("E0649", `\`${this.path}\` line ${this.quoteLine}: a quoted cell opened here is never closed`, {
        file: this.path,
        where: `line ${this.quoteLine}`,
        help: 'close the quote; inside a quoted cell write a quote as "" (two quotes)',
      });
    }
    if (this.cells.length > 0 || this.cell !== "" || !this.blank) this.endRecord();
  }

  private endRecord(): void {
    this.cells.push(this.cell.trim());
    this.onRecord({ cells: this.cells, line: this.recordLine, blank: this.blank });
    this.cells = [];
    this.cell = "";
    this.blank = true;
  }
}

/** A typed array that grows by doubling; `done()` gives exactly the values pushed. */
class GrowingArray<T extends Float64Array | Int32Array> {
  private data: T;
  length = 0;

  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }

  push(v: number): void {
    if (this.length === this.data.length) this.reserve(this.data.length * 2);
    this.data[this.length++] = v;
  }

  /** Makes room for `n` values at once: one allocation instead of a chain of doublings (each left for the GC). */
  reserve(n: number): void {
    if (n <= this.data.length) return;
    const bigger = this.make(Math.ceil(n));
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  /** The values, copied to an exact fit only when over a quarter of the space would be wasted. */
  done(): T {
    return (this.length * 4 >= this.data.length * 3 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length)) as T;
  }
}

/** A cell as a message shows it: quoted with escapes, and cut after 40 characters. */
function quotedCell(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Distinct text labels kept as class names; past this a column of numbers is taken for a regression target. */
const MAX_CLASS_NAMES = 65536;

/**
 * A copy of `s` that does not share memory with the text it was cut from: V8 keeps a slice's whole
 * parent alive, and a cell is a slice of a 64 KiB piece of the file. (Concatenation flattens into a new
 * string, of which the slice is taken.)
 */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}

/**
 * A label column: numbers while every cell is a number (a regression target or class indices),
 * and, while there are at most MAX_CLASS_NAMES distinct cells, each row's cell as an index into the
 * distinct texts, for text labels (class names) in sorted order.
 */
class LabelColumn {
  private readonly numbers = new GrowingArray((n) => new Float64Array(n));
  private ids: GrowingArray<Int32Array> | null = new GrowingArray((n) => new Int32Array(n));
  private names: Map<string, number> | null = new Map();
  private allNumbers = true;

  /** Adds a cell; `number` is its value when it is a (finite) number. */
  add(cell: string, number: number | undefined, fail: (message: string) => never): void {
    if (number === undefined) this.allNumbers = false;
    if (this.allNumbers) this.numbers.push(number!);
    if (this.names !== null && this.ids !== null) {
      let id = this.names.get(cell);
      if (id === undefined) {
        id = this.names.size;
        this.names.set(detached(cell), id);
      }
      this.ids.push(id);
      if (this.names.size > MAX_CLASS_NAMES && this.allNumbers) {
        this.names = null;
        this.ids = null;
      }
    }
    if (!this.allNumbers && this.names === null) {
      fail(`${quotedCell(cell)} is not a number, and the label column has over ${MAX_CLASS_NAMES} distinct values before it: too many to be class names`);
    }
    if (this.names !== null && this.names.size > MAX_CLASS_NAMES) {
      fail(`the label column has over ${MAX_CLASS_NAMES} distinct texts: too many to be class names`);
    }
  }

  reserve(rows: number): void {
    if (this.allNumbers) this.numbers.reserve(rows);
    this.ids?.reserve(rows);
  }

  field(): DataField {
    if (this.allNumbers) return { name: "label", shape: [], data: this.numbers.done(), byteScale: 1 };
    const names = [...this.names!.keys()];
    const classNames = [...names].sort();
    const rank = new Map(classNames.map((c, i) => [c, i]));
    const idToClass = Int32Array.from(names, (c) => rank.get(c)!);
    const ids = this.ids!;
    const data = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) data[i] = idToClass[ids.at(i)]!;
    return { name: "label", shape: [], data, byteScale: 1, classNames };
  }
}

/** The separator argument: one character that cannot start a quote or end a line. */
function csvSeparator(args: ArgReader): string {
  const sep = args.string("sep") ?? ",";
  if (sep.length !== 1 || sep === '"' || sep === "\n" || sep === "\r") {
    throw new DataError("E0622", `argument \`sep\` of \`${args.spec.source}\` must be a single character other than a quote or a line break, got ${JSON.stringify(sep)}`, {
      help: 'e.g. sep = ";" or sep = "\\t"',
    });
  }
  return sep;
}

/** Header names must be unique: columns are chosen by name. */
function checkUniqueColumns(header: readonly string[], path: string): void {
  const seen = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const first = seen.get(name);
    if (first !== undefined) {
      const named = name === "" ? "both have no name" : `are both named \`${name}\``;
      throw new DataError("E0648", `\`${path}\` line 1: columns ${first + 1} and ${i + 1} ${named}`, {
        file: path,
        where: "line 1",
        help: "give every column of the header a distinct name: columns are selected by name",
      });
    }
    seen.set(name, i);
  }
}

/**
 * `csv("file.csv", label = "y", columns = ["a", "b"], sep = ",", val = 0.2, seed = 0)`: the first
 * record is a header naming the columns. Field `label` is the label column (default: the column named
 * "label", if any) — numbers, or text class names mapped to 0, 1, … in sorted order; field `x` holds
 * the `columns` given (default: every other column) as numbers, in the order listed. The file is
 * streamed: records are parsed straight into typed arrays, never held as text all at once.
 */
export function loadCsv(spec: DataSourceSpec, path: string): DataSplit {
  const args = new ArgReader(spec, ["path"]);
  args.string("path");
  const sep = csvSeparator(args);
  const labelArg = args.string("label");
  const columnsArg = args.names("columns");
  const val = args.number("val", 0.2, (v) => v >= 0 && v < 1, "in [0, 1)");
  const seed = args.integer("seed", 0, 0);
  args.finish([]);
  // Set by the first record; a holder, since the scanner's callback assigns it.
  const head: { names: readonly string[] | null } = { names: null };
  let labelCol = -1;
  let featureCols: number[] = [];
  const x = new GrowingArray((n) => new Float64Array(n));
  const lines = new GrowingArray((n) => new Int32Array(n));
  const labels = new LabelColumn();
  const cellError = (line: number, col: number, message: string): never => {
    throw new DataError("E0624", `\`${path}\` line ${line}, column \`${head.names![col]!}\`: ${message}`, {
      file: path,
      where: `line ${line}`,
      help: "feature cells must be finite decimal numbers; select the numeric columns with `columns = [...]`",
    });
  };
  const number = (cell: string, line: number, col: number): number | undefined => {
    if (!NUMBER.test(cell)) return undefined;
    const v = Number(cell);
    if (!Number.isFinite(v)) cellError(line, col, `${quotedCell(cell)} is out of range: it is not a finite 64-bit number`);
    return v;
  };
  const onHeader = (cells: readonly string[]): void => {
    if (cells.every((h) => h === "")) throw new DataError("E0623", `\`${path}\` is empty: a CSV data file starts with a header line naming its columns`, { file: path, where: "line 1" });
    checkUniqueColumns(cells, path);
    const column = (name: string): number => {
      const i = cells.indexOf(name);
      if (i < 0) throw new DataError("E0625", `\`${path}\` has no column \`${name}\``, { file: path, where: "line 1", help: `its columns are ${cells.map((h) => `\`${h}\``).join(", ")}` });
      return i;
    };
    labelCol = labelArg !== undefined ? column(labelArg) : cells.indexOf("label");
    featureCols = columnsArg !== undefined ? columnsArg.map(column) : cells.map((_, i) => i).filter((i) => i !== labelCol);
    if (featureCols.length === 0) throw new DataError("E0625", `\`${path}\` has no feature columns besides the label`, { file: path, where: "line 1" });
    head.names = cells.map(detached);
  };
  const scanner = new CsvScanner(sep, path, ({ cells, line, blank }) => {
    if (head.names === null) {
      onHeader(cells);
      return;
    }
    if (blank) return;
    if (cells.length !== head.names.length) {
      throw new DataError("E0623", `\`${path}\` line ${line} has ${cells.length} column${cells.length === 1 ? "" : "s"}, but the header has ${head.names.length}`, {
        file: path,
        where: `line ${line}`,
        help: "every line needs one value per header column; quote cells that contain the separator",
      });
    }
    for (const c of featureCols) {
      const v = number(cells[c]!, line, c);
      x.push(v ?? cellError(line, c, `${quotedCell(cells[c]!)} is not a number`));
    }
    if (labelCol >= 0) labels.add(cells[labelCol]!, number(cells[labelCol]!, line, labelCol), (m) => cellError(line, labelCol, m));
    lines.push(line);
  });
  // After the first piece, the rows are estimated from its share of the file's size and reserved at once.
  let seen = 0;
  streamDataText(path, (text, total) => {
    scanner.feed(text);
    if (seen === 0 && lines.length > 0 && text.length > 0) {
      const rows = Math.ceil((lines.length * total * 1.05) / text.length) + 16;
      x.reserve(rows * featureCols.length);
      lines.reserve(rows);
      labels.reserve(rows);
    }
    seen += text.length;
  });
  scanner.end();
  if (head.names === null) throw new DataError("E0623", `\`${path}\` is empty: a CSV data file starts with a header line naming its columns`, { file: path, where: "line 1" });
  const rowLines = lines.done();
  const fields: DataField[] = [{ name: "x", shape: [featureCols.length], data: x.done(), byteScale: 1 }];
  if (labelCol >= 0) fields.push(labels.field());
  const locate = (i: number): { file: string; where: string } => ({ file: path, where: `line ${rowLines[i] ?? i + 2}` });
  return splitDataset(makeDataset(path, fields, locate), val, seed, true);
}
