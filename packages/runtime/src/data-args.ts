import { DataError } from "./data-error.ts";

export type DataArgValue = number | string | readonly (number | string)[];

/**
 * A data source and its arguments, as the train section's `data = csv("f.csv", label = "y")` or
 * `--data 'csv("f.csv", label="y")'` give them; positional arguments are keyed "0", "1", ….
 */
export interface DataSourceSpec {
  readonly source: string;
  readonly args: Readonly<Record<string, DataArgValue>>;
}

/** Reads and validates the arguments of one data source call. */
export class ArgReader {
  private readonly used = new Set<string>();

  constructor(
    readonly spec: DataSourceSpec,
    /** Names of positional arguments in order: positional "0" is `positional[0]`. */
    private readonly positional: readonly string[] = [],
  ) {
    for (const key of Object.keys(spec.args)) {
      const i = /^\d+$/.test(key) ? Number(key) : -1;
      if (i >= 0 && i >= positional.length) {
        throw new DataError("E0622", `\`${spec.source}\` takes ${positional.length === 0 ? "no" : `at most ${positional.length}`} positional argument${positional.length === 1 ? "" : "s"}, but got ${i + 1}`, {
          help: positional.length === 0 ? "name the arguments: `key = value`" : `the positional arguments are ${positional.join(", ")}`,
        });
      }
      const name = i >= 0 ? positional[i]! : key;
      if (i >= 0 && Object.hasOwn(spec.args, name)) throw new DataError("E0622", `argument \`${name}\` of \`${spec.source}\` is given twice`);
    }
  }

  private raw(name: string): DataArgValue | undefined {
    this.used.add(name);
    const i = this.positional.indexOf(name);
    return this.spec.args[name] ?? (i >= 0 ? this.spec.args[String(i)] : undefined);
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  number(name: string, fallback: number, valid: (v: number) => boolean = () => true, expected = "a number"): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || !valid(v)) {
      throw new DataError("E0622", `argument \`${name}\` of \`${this.spec.source}\` must be ${expected}, got ${JSON.stringify(v)}`);
    }
    return v;
  }

  integer(name: string, fallback: number, min: number): number {
    return this.number(name, fallback, (v) => Number.isInteger(v) && v >= min, `a whole number ≥ ${min}`);
  }

  string(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw new DataError("E0622", `argument \`${name}\` of \`${this.spec.source}\` must be a string in quotes, got ${JSON.stringify(v)}`);
    return v;
  }

  /** A list of names: `["a", "b"]` or the string "a,b". */
  names(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const list = typeof v === "string" ? v.split(",").map((s) => s.trim()) : typeof v === "number" ? [String(v)] : v.map(String);
    return list.filter((s) => s !== "");
  }

  /** Every argument given that no reader asked for is a mistake: reports the first with the valid names. */
  finish(valid: readonly string[]): void {
    for (const key of Object.keys(this.spec.args)) {
      const name = /^\d+$/.test(key) ? (this.positional[Number(key)] ?? key) : key;
      if (!this.used.has(name) && !valid.includes(name)) {
        throw new DataError("E0622", `\`${this.spec.source}\` has no argument \`${name}\``, { help: `its arguments are ${[...new Set([...this.used, ...valid])].sort().join(", ")}` });
      }
    }
  }
}
