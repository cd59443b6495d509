/**
 * Golden syntax errors of the v0.2 forms. test/errors holds programs that parse (their checker errors,
 * v02-*.nn among them, are in diagnostics-golden and packages/lower's errors.test.ts); these do not:
 * test/fixtures/v02/syntax-errors/*.nn. Each file starts with `# expect: CODE line:col` lines —
 * exactly those diagnostics, in order, each root cause once, parsing going on after each — and its
 * rendered diagnostics are a reviewed golden file (test/golden/v02-errors/syntax-NAME.txt).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeInfo, renderDiagnostics } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";
import { expectGolden } from "./golden.ts";

const dir = join(import.meta.dirname, "..", "fixtures", "v02", "syntax-errors");
const goldenDir = join(import.meta.dirname, "..", "golden", "v02-errors");
const files = readdirSync(dir).filter((f) => f.endsWith(".nn")).sort();

describe("v0.2 syntax errors (test/fixtures/v02/syntax-errors)", () => {
  it("holds a program for each v0.2 syntax error", () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  for (const file of files) {
    it(file, () => {
      const name = `test/fixtures/v02/syntax-errors/${file}`;
      const text = readFileSync(join(dir, file), "utf8");
      const want = [...text.matchAll(/^# expect: (E\d{4} \d+:\d+)$/gm)].map((m) => m[1]);
      expect(want.length).toBeGreaterThan(0);
      const result = checkSource(name, text);
      expect(result.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(want);
      for (const d of result.diagnostics) {
        expect(codeInfo(d.code), `${d.code} is registered (nnc explain)`).toBeDefined();
        expect(d.help !== undefined || d.notes.length > 0, `${d.code} says what to do (a help or a note)`).toBe(true);
      }
      const rendered = renderDiagnostics(result.diagnostics, new Map([[name, result.source]]), { color: false });
      expectGolden(join(goldenDir, `syntax-${file.replace(/\.nn$/, ".txt")}`), rendered);
    });
  }
});
