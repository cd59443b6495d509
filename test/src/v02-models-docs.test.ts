/**
 * docs/language.md's v0.2 section shows each form in a complete program: every ```nn block of that
 * section must pass checking as it is written (no diagnostics at all), so the reference cannot drift
 * from what the compiler accepts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "@nnc/compiler";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "language.md"), "utf8");
const start = doc.indexOf("\n## v0.2");
const end = doc.indexOf("\n## ", start + 1);
const section = doc.slice(start, end);
const blocks = [...section.matchAll(/^```nn\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe("docs/language.md, v0.2 section", () => {
  it("has an example program for each form", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });
  blocks.forEach((text, i) => {
    const title = /^(?:model|block) (\w+)/m.exec(text)?.[1] ?? `#${i}`;
    it(`example ${i + 1} (${title}) checks without diagnostics`, () => {
      const r = checkSource(`language.md#${i + 1}`, text);
      expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
    });
  });
});
