import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stdlibReference } from "./reference.ts";
import { librarySignature, standardLibrary } from "./library.ts";

const FILE = path.join(import.meta.dirname, "..", "..", "..", "..", "docs", "stdlib.md");

describe("docs/stdlib.md", () => {
  it("is generated from the library's sources (regenerate with NNC_UPDATE_GOLDEN=1)", () => {
    const text = stdlibReference();
    if (process.env["NNC_UPDATE_GOLDEN"] === "1") fs.writeFileSync(FILE, text);
    expect(fs.readFileSync(FILE, "utf8")).toBe(text);
  });

  it("shows every library block: heading, signature, doc comment and its full source in an nn fence", () => {
    const text = stdlibReference();
    const { blocks, files } = standardLibrary();
    expect(blocks.size).toBeGreaterThanOrEqual(2);
    for (const [name, decl] of blocks) {
      const file = files.get(decl.span.file)!;
      const at = text.indexOf(`### \`${name}\`\n`);
      expect(at, name).toBeGreaterThan(0);
      const next = text.indexOf("\n### ", at + 1);
      const section = text.slice(at, next < 0 ? undefined : next);
      expect(section).toContain(`\`\`\`\n${librarySignature(decl)}\n\`\`\``);
      expect(section).toContain(`\`\`\`nn\n${file.text.slice(decl.span.start, decl.span.end)}\n\`\`\``);
      for (const line of (decl.doc ?? "").split("\n")) expect(section, name).toContain(line.trim());
      expect(text, `${name} in the contents`).toContain(`| [\`${name}\`](#${name}) |`);
    }
  });

  it("spells out each param's initializer, the language's default when none is written", () => {
    const text = stdlibReference();
    // dense: `param W: f32[I, out] = he_uniform()`, `param b: f32[out] = zeros()` (packages/lower/stdlib/dense.nn).
    expect(text).toContain("| `W` | param | `f32[I, out]` | `he_uniform()` |");
    const rnn = standardLibrary().blocks.get("rnn_cell");
    if (rnn !== undefined && rnn.body.some((s) => s.kind === "Param" && s.name.name === "Wx" && s.init === null)) {
      expect(text).toContain("| `Wx` | param | `f32[I, H]` | `glorot_uniform()` (default) |");
    }
  });
});
