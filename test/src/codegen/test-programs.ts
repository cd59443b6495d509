/** Test support (not part of the build): lowering example programs. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SourceFile } from "@nnc/diagnostics";
import { checkProgram, type LoweredModel } from "@nnc/lower";
import { parse } from "@nnc/syntax";

export const EXAMPLES = join(import.meta.dirname, "../../../examples");

export function lowerSource(name: string, text: string, dtype: "f32" | "f64"): LoweredModel[] {
  const source = new SourceFile(name, text);
  const checked = checkProgram(parse(source).program, source, { dtype });
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join("\n"));
  return checked.models;
}

export function lowerExample(file: string, dtype: "f32" | "f64"): LoweredModel {
  const m = lowerSource(file, readFileSync(join(EXAMPLES, file), "utf8"), dtype)[0];
  if (m === undefined) throw new Error(`${file} has no model`);
  return m;
}
