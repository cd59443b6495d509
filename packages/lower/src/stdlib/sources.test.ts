import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LIBRARY_SOURCES } from "./sources.ts";

const DIR = path.join(import.meta.dirname, "..", "..", "stdlib");
const FILE = path.join(import.meta.dirname, "sources.ts");

/** The text of sources.ts for the `.nn` files of packages/lower/stdlib (sorted by name). */
function generated(): string {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".nn")).sort();
  const entries = files.map((f) => `  { file: ${JSON.stringify(`nnc:std/${f}`)}, text: ${JSON.stringify(fs.readFileSync(path.join(DIR, f), "utf8"))} },`);
  return [
    "// GENERATED from packages/lower/stdlib/*.nn by sources.test.ts: edit the `.nn` files, then run",
    "// `NNC_UPDATE_GOLDEN=1 npx vitest run --root . --config ../../vitest.config.ts stdlib/sources` in",
    "// packages/lower (or `npm run golden:update`). Embedded as strings so the browser needs no file access.",
    "",
    "/** The standard library's source files, as shipped: blocks written in `.nn`, always in scope. */",
    "export const LIBRARY_SOURCES: readonly { readonly file: string; readonly text: string }[] = [",
    ...entries,
    "];",
    "",
  ].join("\n");
}

describe("standard library sources", () => {
  it("embeds exactly the files of packages/lower/stdlib (regenerate with NNC_UPDATE_GOLDEN=1)", () => {
    const text = generated();
    if (process.env["NNC_UPDATE_GOLDEN"] === "1" && fs.readFileSync(FILE, "utf8") !== text) {
      fs.writeFileSync(FILE, text); // the module imported above is the old one: the next run checks it
      return;
    }
    expect(fs.readFileSync(FILE, "utf8")).toBe(text);
    expect(LIBRARY_SOURCES.map((s) => s.file)).toEqual(fs.readdirSync(DIR).filter((f) => f.endsWith(".nn")).sort().map((f) => `nnc:std/${f}`));
  });
});
