import type { DataArgValue, DataSourceSpec } from "./data-args.ts";
import { DataError } from "./data-error.ts";

/**
 * Parses a `--data` spec: `spirals(n=500, noise=0.2)`, `csv("iris.csv", label="species")`,
 * `mnist`, `idx(x="a.gz", label="b.gz")`, `csv("f.csv", columns=["a","b"])`, or a bare file name
 * (`data/iris.csv`, quoted or not), which becomes source "file". Positional arguments are keyed "0", "1", ….
 */
export function parseDataSpec(text: string): DataSourceSpec {
  const s = text.trim();
  let pos = 0;
  // Columns are 1-based in `text` as given (before trimming); `where` carries the column for callers.
  const lead = text.length - text.trimStart().length;
  const fail = (message: string): never => {
    const column = lead + Math.min(pos, s.length) + 1;
    throw new DataError("E0621", `cannot read the data spec \`${text}\`: ${message} at column ${column}`, {
      where: `column ${column}`,
      help: 'write a source call such as `spirals(n=500)` or `csv("data.csv", label="y")`, or a file name',
    });
  };
  const ws = (): void => {
    while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  };
  const ident = (): string | undefined => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(pos));
    if (m === null) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const str = (): string => {
    const quote = s[pos]!;
    let out = "";
    pos++;
    while (pos < s.length && s[pos] !== quote) {
      if (s[pos] === "\\" && pos + 1 < s.length) pos++;
      out += s[pos]!;
      pos++;
    }
    if (pos >= s.length) fail("unterminated string");
    pos++;
    return out;
  };
  const scalar = (): number | string => {
    ws();
    const c = s[pos];
    if (c === '"' || c === "'") return str();
    const num = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(pos));
    if (num !== null) {
      pos += num[0].length;
      return Number(num[0]);
    }
    const id = ident();
    if (id === undefined) fail("expected a number, a string or a name");
    return id!;
  };
  const value = (): DataArgValue => {
    ws();
    if (s[pos] !== "[") return scalar();
    pos++;
    const items: (number | string)[] = [];
    ws();
    while (s[pos] !== "]") {
      items.push(scalar());
      ws();
      if (s[pos] === ",") pos++;
      else if (s[pos] !== "]") fail("expected `,` or `]`");
      ws();
    }
    pos++;
    return items;
  };
  if (s === "") fail("it is empty");
  if (s[0] === '"' || s[0] === "'") {
    const path = str();
    if (pos !== s.length) fail("unexpected text after the file name");
    return { source: "file", args: { path } };
  }
  const name = ident();
  ws();
  if (name === undefined || (pos < s.length && s[pos] !== "(")) {
    if (/\s|\(/.test(s)) fail("expected a source name");
    return { source: "file", args: { path: s } };
  }
  const args = Object.create(null) as Record<string, DataArgValue>; // no prototype: `__proto__=` is an argument like any other
  if (pos < s.length) {
    pos++;
    let positional = 0;
    ws();
    while (s[pos] !== ")") {
      if (pos >= s.length) fail("missing `)`");
      const save = pos;
      const key = ident();
      ws();
      if (key !== undefined && s[pos] === "=") {
        pos++;
        if (Object.hasOwn(args, key)) fail(`argument \`${key}\` is given twice`);
        args[key] = value();
      } else {
        pos = save;
        args[String(positional++)] = value();
      }
      ws();
      if (s[pos] === ",") pos++;
      else if (s[pos] !== ")") fail("expected `,` or `)`");
      ws();
    }
    pos++;
    ws();
    if (pos !== s.length) fail("unexpected text after `)`");
  }
  return { source: name, args };
}

/** The spec as source text again (progress lines, checkpoints). */
export function formatDataSpec(spec: DataSourceSpec): string {
  const fmt = (v: DataArgValue): string => (Array.isArray(v) ? `[${v.map(fmt).join(", ")}]` : typeof v === "string" ? JSON.stringify(v) : String(v));
  if (spec.source === "file") return fmt(spec.args["path"] ?? spec.args["0"] ?? "");
  const parts = Object.entries(spec.args).map(([k, v]) => (/^\d+$/.test(k) ? fmt(v) : `${k}=${fmt(v)}`));
  return `${spec.source}(${parts.join(", ")})`;
}
