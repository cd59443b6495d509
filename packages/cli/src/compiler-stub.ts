/**
 * TEMPORARY stand-in for `checkSource` from @nnc/compiler, with the same signature; the lead deletes
 * this file and points commands/check.ts at @nnc/compiler. It only matches braces and reads model
 * headers and `param` lines with regular expressions — no parsing, no type checking.
 */
import { diagnostic, SourceFile, type Diagnostic } from "@nnc/diagnostics";

export interface TensorJson {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly (number | string)[];
}

export interface ModelSummary {
  readonly name: string;
  readonly inputs: readonly TensorJson[];
  readonly outputs: readonly TensorJson[];
  readonly params: readonly TensorJson[];
}

export interface CheckResult {
  readonly source: SourceFile;
  readonly diagnostics: readonly Diagnostic[];
  readonly models: readonly ModelSummary[];
}

const TENSOR = /(\w+)\s*:\s*(\w+)\[([^\]]*)\]/g;

function tensors(text: string): TensorJson[] {
  return [...text.matchAll(TENSOR)].map((m) => ({
    name: m[1] ?? "",
    dtype: m[2] ?? "",
    shape: (m[3] ?? "")
      .split(",")
      .map((d) => d.trim())
      .filter((d) => d !== "")
      .map((d) => (/^\d+$/.test(d) ? Number(d) : d)),
  }));
}

function withoutComments(text: string): string {
  return text.replace(/#[^\n]*/g, (c) => " ".repeat(c.length));
}

export function checkSource(fileName: string, text: string): CheckResult {
  const source = new SourceFile(fileName, text);
  const code = withoutComments(text);
  const diagnostics: Diagnostic[] = [];
  const open: number[] = [];
  for (let i = 0; i < code.length; i++) {
    if (code[i] === "{") open.push(i);
    else if (code[i] === "}" && open.pop() === undefined) diagnostics.push(diagnostic("E0001", "unmatched `}`", source.span(i, i + 1), { label: "no `{` opens this" }));
  }
  for (const i of open) diagnostics.push(diagnostic("E0001", "unclosed `{`", source.span(i, i + 1), { label: "this `{` is never closed" }));
  const models: ModelSummary[] = [];
  for (const m of code.matchAll(/model\s+(\w+)\s*\(([^)]*)\)\s*->\s*\(([^)]*)\)\s*\{([^}]*)\}/g)) {
    const params = tensors([...(m[4] ?? "").matchAll(/param\s+([^=\n]*)/g)].map((p) => p[1] ?? "").join("\n"));
    models.push({ name: m[1] ?? "", inputs: tensors(m[2] ?? ""), outputs: tensors(m[3] ?? ""), params });
  }
  return { source, diagnostics, models };
}
