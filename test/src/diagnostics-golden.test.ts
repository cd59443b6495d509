import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { renderDiagnostics } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";
import { expectGolden } from "./golden.ts";

const errorsDir = join(import.meta.dirname, "..", "errors");
const goldenDir = join(import.meta.dirname, "..", "golden", "errors");

/** Each malformed program's rendered diagnostics, as a reviewed golden file. */
describe("rendered diagnostics of test/errors/*.nn", () => {
  for (const file of readdirSync(errorsDir).filter((f) => f.endsWith(".nn")).sort()) {
    it(file, () => {
      const name = `test/errors/${file}`;
      const result = checkSource(name, readFileSync(join(errorsDir, file), "utf8"));
      const text = renderDiagnostics(result.diagnostics, new Map([[name, result.source]]), { color: false });
      expectGolden(join(goldenDir, file.replace(/\.nn$/, ".txt")), text);
    });
  }
});
