/**
 * Every ```nn block in README.md and docs/*.md is checked by the compiler as it is written: it must
 * have no diagnostics at all (warnings included), unless its info string says `expect=E0301,…`, the
 * codes of a deliberate error example, in the order the checker reports them. `fragment` marks a
 * block that is not a whole program (not checked; the page says why). docs/stdlib.md is generated from
 * the standard library's sources: each of its blocks, checked on its own, shadows the library's block
 * of the same name, so exactly the warning E0124 is expected there.
 * Every block is also written in `nnc fmt`'s layout (formatting it changes nothing), so a reader who
 * copies one gets a file `nnc fmt --check` accepts. Exempt: a block marked `unformatted` (the input of
 * a formatting example, docs/formatting.md), and one that does not parse (a deliberate syntax-error
 * example, or a fragment), which has no layout to compare with.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource, formatSource } from "@nnc/compiler";
import { blocksOf, docPages, repoRoot } from "./docs-blocks.ts";

const snippets = docPages().flatMap((page) => blocksOf(page, readFileSync(join(repoRoot, page), "utf8")).filter((b) => b.lang === "nn"));

describe("the .nn snippets of README.md and docs/", () => {
  it("there are snippets to check (the pages use ```nn)", () => {
    expect(snippets.length).toBeGreaterThan(20);
  });

  for (const block of snippets.filter((b) => !b.attrs.has("fragment"))) {
    const want = block.attrs.get("expect") ?? (block.page === "docs/stdlib.md" ? "E0124" : undefined);
    it(`${block.page}:${block.line} ${want === undefined ? "checks clean" : `reports ${want}`}`, () => {
      const r = checkSource(`${block.page}:${block.line}`, block.body);
      const codes = r.diagnostics.map((d) => d.code);
      if (want === undefined) expect(r.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
      else expect(codes).toEqual(want.split(","));
    });
  }
});

describe("the .nn snippets of README.md and docs/ are in nnc fmt's layout", () => {
  it("only the formatting example's input is marked unformatted", () => {
    expect(snippets.filter((b) => b.attrs.has("unformatted")).map((b) => b.page)).toEqual(["docs/formatting.md"]);
  });

  for (const block of snippets.filter((b) => !b.attrs.has("unformatted"))) {
    it(`${block.page}:${block.line} is unchanged by formatSource`, () => {
      const text = `${block.body}\n`;
      const r = formatSource(text, `${block.page}:${block.line}`);
      if (!r.ok) {
        // only deliberate syntax-error examples and fragments may fail to parse
        expect(block.attrs.has("expect") || block.attrs.has("fragment")).toBe(true);
        return;
      }
      expect(r.text.split("\n")).toEqual(text.split("\n"));
    });
  }
});
