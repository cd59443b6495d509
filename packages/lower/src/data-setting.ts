/**
 * `data = …` of a train section, checked against the data-source table: the source's name, its
 * arguments' names, positions, kinds and ranges. Whatever `nnc check` accepts here the runtime's
 * argument reader accepts too (test/src/data-sources.test.ts), so a data setting fails before training.
 */
import type { Span } from "@nnc/diagnostics";
import type { Expr } from "@nnc/syntax";
import type { DataSpec } from "./api.ts";
import { evalArgs } from "./expr.ts";
import { ConstScope } from "./const-scope.ts";
import type { LowerCtx } from "./context.ts";
import { callableDataSources, dataSourceSig, type DataArgSig, type DataSourceSig } from "./data-sources.ts";
import { closest } from "./suggest.ts";
import { asNumber, describe, type Spanned, type Value } from "./values.ts";

const KIND_TEXT: Readonly<Record<DataArgSig["kind"], string>> = {
  integer: "a whole number",
  number: "a number",
  string: "a string in quotes",
  names: 'a list of column names (["a", "b"]) or one string of them ("a,b")',
};

function signature(sig: DataSourceSig): string {
  return `${sig.name}(${sig.args.map((a) => a.name).join(", ")})`;
}

/** `data = mnsit()` (E0410, with the nearest source) or `data = mnist` (E0407: a source must be called). */
function unknownSource(ctx: LowerCtx, name: string, span: Span): void {
  const sources = callableDataSources();
  const notes = [`the sources are ${sources.map((s) => `${s}()`).join(", ")}, or a file name in quotes (\`data = "train.csv"\`)`];
  if (sources.includes(name)) {
    ctx.report("E0407", `\`${name}\` is a data source: call it`, span, { label: "not a call", help: `write \`${name}()\`` });
    return;
  }
  const near = closest(name, sources);
  ctx.report("E0410", `unknown data source \`${name}\``, span, { label: "not a data source", notes, ...(near === undefined ? {} : { help: `did you mean \`${near}()\`?` }) });
}

/**
 * `columns = ["a", "b"]` as the runtime's name-list string "a,b" (which it splits at commas and trims):
 * every item must be a string, and a name with a comma or outer blanks would not survive that split.
 */
function nameList(ctx: LowerCtx, sig: DataSourceSig, arg: DataArgSig, items: readonly Spanned[], span: Span): string | undefined {
  const names: string[] = [];
  for (const item of items) {
    const v = item.value;
    if (v.kind === "poison") return undefined;
    if (v.kind !== "string") {
      ctx.report("E0411", `argument \`${arg.name}\` of \`${sig.name}\` must list column names in quotes, but this is ${describe(v)}`, item.span, { label: "expected a string in quotes" });
      return undefined;
    }
    if (v.value.includes(",") || v.value.trim() !== v.value || v.value === "") {
      ctx.report("E0411", `argument \`${arg.name}\` of \`${sig.name}\` cannot name the column ${JSON.stringify(v.value)}: names are matched without commas and outer blanks`, item.span, { label: "not a usable column name" });
      return undefined;
    }
    names.push(v.value);
  }
  if (names.length === 0) {
    ctx.report("E0411", `argument \`${arg.name}\` of \`${sig.name}\` must name at least one column`, span, { label: "an empty list" });
    return undefined;
  }
  return names.join(",");
}

/** A constant argument as the runtime reads it, or undefined after reporting. */
function argValue(ctx: LowerCtx, sig: DataSourceSig, arg: DataArgSig, v: Value, span: Span): number | string | undefined {
  if (v.kind === "poison") return undefined;
  if (arg.kind === "names" && v.kind === "list") return nameList(ctx, sig, arg, v.items, span);
  const n = asNumber(v);
  const value = v.kind === "string" ? v.value : n;
  const fits = arg.kind === "string" ? v.kind === "string" : arg.kind === "names" ? value !== undefined : n !== undefined && Number.isFinite(n) && (arg.kind === "number" || Number.isInteger(n));
  if (!fits || value === undefined) {
    const code = v.kind === "string" || n !== undefined ? "E0411" : "E0407";
    ctx.report(code, `argument \`${arg.name}\` of \`${sig.name}\` must be ${KIND_TEXT[arg.kind]}, but this is ${describe(v)}`, span, { label: `expected ${KIND_TEXT[arg.kind]}` });
    return undefined;
  }
  if (typeof value === "number" && arg.range !== undefined && !arg.range[0](value)) {
    ctx.report("E0411", `argument \`${arg.name}\` of \`${sig.name}\` must be ${arg.range[1]}, got ${value}`, span, { label: "out of range" });
    return undefined;
  }
  if (typeof value === "string" && arg.text !== undefined && !arg.text[0](value)) {
    ctx.report("E0411", `argument \`${arg.name}\` of \`${sig.name}\` must be ${arg.text[1]}, got ${JSON.stringify(value)}`, span, { label: "not a valid value" });
    return undefined;
  }
  return value;
}

/** `data = source(args…)` or `data = "file.csv"`; undefined after reporting a problem. */
export function parseData(ctx: LowerCtx, e: Expr): DataSpec | undefined {
  if (e.kind === "String") return { source: "file", args: { path: e.value }, span: e.span };
  if (e.kind === "Name") {
    unknownSource(ctx, e.name, e.span);
    return undefined;
  }
  if (e.kind !== "Call") {
    ctx.report("E0407", "`data` must be a data source call such as `mnist()` or a file name in quotes", e.span, { label: "not a data source" });
    return undefined;
  }
  const sig = dataSourceSig(e.callee.name);
  if (sig === undefined) {
    unknownSource(ctx, e.callee.name, e.callee.span);
    return undefined;
  }
  const args = evalArgs(new ConstScope(ctx), e);
  const out: Record<string, number | string> = {};
  const given = new Map<string, Span>();
  let ok = true;
  const take = (key: string, arg: DataArgSig, v: Value, span: Span): void => {
    const value = argValue(ctx, sig, arg, v, span);
    if (value === undefined) ok = false;
    else out[key] = value;
  };
  for (const [i, a] of args.positional.entries()) {
    const name = sig.positional[i];
    const arg = sig.args.find((x) => x.name === name);
    if (arg === undefined) {
      const takes = sig.positional.length === 0 ? "no positional arguments" : `at most ${sig.positional.length} positional argument${sig.positional.length === 1 ? "" : "s"} (${sig.positional.join(", ")})`;
      ctx.report("E0411", `\`${sig.name}\` takes ${takes}, but ${args.positional.length} were given`, a.span, {
        label: "unexpected argument",
        notes: [`the arguments are \`${signature(sig)}\``],
        help: "name the argument: `name = value`",
      });
      ok = false;
      break;
    }
    given.set(arg.name, a.span);
    take(String(i), arg, a.value, a.span);
  }
  for (const n of args.named) {
    const arg = sig.args.find((x) => x.name === n.name);
    if (arg === undefined) {
      const near = closest(n.name, sig.args.map((x) => x.name));
      ctx.report("E0411", `\`${sig.name}\` has no argument \`${n.name}\``, n.nameSpan, {
        label: "unknown argument",
        notes: [sig.args.length === 0 ? `\`${sig.name}\` takes no arguments` : `the arguments are \`${signature(sig)}\``],
        ...(near === undefined ? {} : { help: `did you mean \`${near}\`?` }),
      });
      ok = false;
      continue;
    }
    const first = given.get(arg.name);
    if (first !== undefined) {
      ctx.report("E0107", `argument \`${n.name}\` of \`${sig.name}\` is given twice`, n.nameSpan, { label: "given again here", labels: [{ span: first, message: "first given here" }] });
      ok = false;
      continue;
    }
    given.set(arg.name, n.nameSpan);
    take(n.name, arg, n.value.value, n.value.span);
  }
  if (!ok) return undefined;
  const missing = sig.args.find((a) => a.required === true && !given.has(a.name)) ?? (sig.oneOf !== undefined && !sig.oneOf.some((a) => given.has(a)) ? sig.oneOf : undefined);
  if (missing !== undefined) {
    const what = "name" in missing ? `\`${missing.name}\`` : `one of ${missing.map((m) => `\`${m}\``).join(", ")}`;
    ctx.report("E0411", `\`${sig.name}\` needs ${what}`, e.span, { label: `${what} is missing`, help: `e.g. \`${sig.example}\`` });
    return undefined;
  }
  return { source: sig.name, args: out, span: e.span };
}
