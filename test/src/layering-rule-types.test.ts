// The lint rules in eslint/ are JavaScript (ESLint loads its config without a TypeScript loader on
// Node 20) checked by TypeScript through their JSDoc types: this runs that check (eslint/tsconfig.json).
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

describe("eslint/ rules", () => {
  it("typecheck under the repository's strict settings (checkJs)", () => {
    const configPath = path.resolve(import.meta.dirname, "../../eslint/tsconfig.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
    expect(parsed?.fileNames.length).toBeGreaterThanOrEqual(6);
    const program = ts.createProgram(parsed?.fileNames ?? [], parsed?.options ?? {});
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  });
});
