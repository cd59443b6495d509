import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CODES } from "./codes/index.ts";
import { DIAGNOSTIC_CODES } from "./diagnostic-code.ts";

const FILE = path.join(import.meta.dirname, "diagnostic-code.ts");

/** The text of diagnostic-code.ts for the codes in the tables (sorted, ten to a line). */
function generated(codes: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < codes.length; i += 10) lines.push(`  ${codes.slice(i, i + 10).map((c) => JSON.stringify(c)).join(", ")},`);
  return [
    "// GENERATED from the tables in codes/*.ts by diagnostic-code.test.ts. After adding a code to a table, run",
    "// `NNC_UPDATE_GOLDEN=1 npx vitest run --root . --config ../../vitest.config.ts diagnostic-code` in",
    "// packages/diagnostics (or `npm run golden:update`); until then the new code does not typecheck.",
    "",
    "/** Every diagnostic code that has a title and an explanation (`nnc explain`), sorted. */",
    "export const DIAGNOSTIC_CODES = [",
    ...lines,
    "] as const;",
    "",
    "/** A code that exists: a call of `diagnostic` or a comparison with `d.code` using any other string fails to typecheck. */",
    "export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];",
    "",
  ].join("\n");
}

describe("DiagnosticCode", () => {
  it("lists exactly the codes of the tables (regenerate with NNC_UPDATE_GOLDEN=1)", () => {
    const codes = Object.keys(CODES).sort();
    const text = generated(codes);
    if (process.env["NNC_UPDATE_GOLDEN"] === "1" && fs.readFileSync(FILE, "utf8") !== text) {
      fs.writeFileSync(FILE, text); // the module imported above is the old one: the next run checks it
      return;
    }
    expect(fs.readFileSync(FILE, "utf8")).toBe(text);
    expect([...DIAGNOSTIC_CODES]).toEqual(codes);
  });

  it("every code is E and four digits, with a title and an explanation that says what to do", () => {
    for (const code of DIAGNOSTIC_CODES) {
      expect(code).toMatch(/^E\d{4}$/);
      const info = CODES[code];
      expect(info?.title.length, code).toBeGreaterThan(5);
      expect(info?.explanation, code).toMatch(/how to fix it|\bfix:|what to do/i);
    }
  });
});
