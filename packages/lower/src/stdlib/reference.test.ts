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

  it("lists each param and buffer with its type and initializer as written, the language's default when none is", () => {
    const text = stdlibReference();
    const { blocks, files } = standardLibrary();
    let rows = 0;
    for (const decl of blocks.values()) {
      const file = files.get(decl.span.file)!;
      const src = (s: { start: number; end: number }): string => file.text.slice(s.start, s.end);
      for (const s of decl.body) {
        if (s.kind !== "Param" && s.kind !== "Buffer") continue;
        const head = `| \`${s.name.name}\` | ${s.kind === "Param" ? "param" : "buffer"} | \`${src(s.type.span)}\` | `;
        rows++;
        if (s.init !== null) {
          expect(text, `${decl.name.name}.${s.name.name}`).toContain(`${head}\`${src(s.init.span)}\` |`);
          continue;
        }
        // LANGUAGE.md: a param of rank >= 2 starts glorot_uniform, a smaller one and a buffer zeros.
        const init = s.kind === "Param" && s.type.dims.length >= 2 ? "glorot_uniform()" : "zeros()";
        expect(text, `${decl.name.name}.${s.name.name}`).toContain(`${head}\`${init}\` (default) |`);
      }
    }
    expect(rows).toBeGreaterThanOrEqual(blocks.size); // nearly every block has params; the library's total is more than its block count
  });
});
