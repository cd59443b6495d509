import { dimToString } from "@nnc/ir";
import type { ParamSpec } from "../args.ts";
import type { Value } from "../values.ts";
import { BUILTINS } from "./table.ts";

function defaultText(v: Value): string {
  switch (v.kind) {
    case "number":
      return String(v.value);
    case "bool":
      return String(v.value);
    case "string":
      return JSON.stringify(v.value);
    case "dim":
      return dimToString(v.dim);
    case "list":
      return `[${v.items.map((i) => defaultText(i.value)).join(", ")}]`;
    default:
      return "…";
  }
}

/** One parameter as the reference and the editor's signature help show it: `out: dim`, `axis: int = -1`, `axes?: axes`. */
export function builtinParamText(p: ParamSpec): string {
  if (p.default !== undefined) return `${p.name}: ${p.kind} = ${defaultText(p.default)}`;
  return p.optional === true ? `${p.name}?: ${p.kind}` : `${p.name}: ${p.kind}`;
}

/**
 * The built-in functions as a Markdown table, generated from THE table so the reference cannot drift
 * from what the checker accepts (docs/builtins.md is this text; a golden test keeps it current).
 */
export function builtinsReference(): string {
  const rows = [...BUILTINS.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((b) => `| \`${b.name}(${b.params.map(builtinParamText).join(", ")})\` | ${b.summary.replaceAll("|", "\\|")} |`);
  return [
    "# Built-in functions",
    "",
    "Generated from the built-in table of `packages/lower` (`npm run golden:update` rewrites it).",
    "Argument kinds: `tensor`; `operand` (a tensor or a number, broadcast); `number`, `int`, `bool`,",
    "`string` constants; `axes` (an int or a list of ints); `ints`; `shape` (a list of ints and dims);",
    "`tensors` (a list of tensors); `dim`. `name?` is optional without a default (e.g. all axes).",
    "",
    "| call | what it computes |",
    "|---|---|",
    ...rows,
    "",
  ].join("\n");
}
