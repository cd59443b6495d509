import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeInfo } from "@nnc/diagnostics";
import { checkText } from "./test-helpers.ts";

const dir = join(import.meta.dirname, "..", "..", "..", "test", "errors");
const files = readdirSync(dir).filter((f) => f.endsWith(".nn")).sort();

/**
 * Each test/errors/*.nn starts with `# expect: CODE line:col` lines: exactly those diagnostics, in
 * that order (sorted by position), must be reported — no more (no cascades), no fewer.
 */
describe("test/errors", () => {
  it("holds at least 45 malformed programs", () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
  });
  for (const f of files) {
    it(f, () => {
      const text = readFileSync(join(dir, f), "utf8");
      const want = [...text.matchAll(/^# expect: (E\d{4} \d+:\d+)$/gm)].map((m) => m[1]);
      expect(want.length).toBeGreaterThan(0);
      const r = checkText(text);
      expect(r.syntax).toEqual([]);
      expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`)).toEqual(want);
      for (const d of r.diagnostics) {
        expect(codeInfo(d.code), `${d.code} is registered`).toBeDefined();
        expect(d.span.end).toBeGreaterThan(d.span.start);
      }
    });
  }
});
