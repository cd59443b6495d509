/**
 * The page's own bundle holds no compiler: from its entries (boot.ts, and main.ts which boot.ts
 * loads), the modules reached by value imports import packages only through the light entries
 * (@nnc/compiler/settings, @nnc/graph-view/draw, @nnc/runtime/core). The compiler's stages run in
 * the Workers; the page loads them only through a dynamic import (the ONNX download). Type-only
 * imports leave no run-time edge and are not followed.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = import.meta.dirname;

/** The value imports of a module: static ones (followed) and dynamic ones (not followed). */
function importsOf(file: string): { statics: string[]; dynamics: string[] } {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const statics: string[] = [];
  const dynamics: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const typeOnly = c !== undefined && (c.phaseModifier === ts.SyntaxKind.TypeKeyword || (c.name === undefined && c.namedBindings !== undefined && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) statics.push(n.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier !== undefined && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = n.isTypeOnly || (n.exportClause !== undefined && ts.isNamedExports(n.exportClause) && n.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) statics.push(n.moduleSpecifier.text);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] !== undefined && ts.isStringLiteral(n.arguments[0])) {
      dynamics.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { statics, dynamics };
}

/** Every package specifier the page's modules import by value, statically, from `entries` on. */
function pagePackages(entries: readonly string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of importsOf(file).statics) {
      if (spec.startsWith(".")) {
        if (spec.endsWith(".ts")) walk(resolve(dirname(file), spec));
      } else if (!packages.has(spec)) packages.set(spec, file.slice(SRC.length + 1));
    }
  };
  for (const e of entries) walk(resolve(SRC, e));
  return packages;
}

describe("the page's bundle", () => {
  const packages = pagePackages(["boot.ts", "main.ts", "a11y.ts"]);

  it("imports @nnc packages only through the entries that reach none of the compiler's stages", () => {
    const nnc = [...packages].filter(([spec]) => spec.startsWith("@nnc/"));
    expect(nnc.map(([spec]) => spec).sort()).toEqual(["@nnc/compiler/settings", "@nnc/graph-view/draw", "@nnc/runtime/core"]);
  });

  it("loads main.ts after starting the analysis Worker, and the compiler only on an ONNX download", () => {
    expect(importsOf(resolve(SRC, "boot.ts")).dynamics).toEqual(["./main.ts"]);
    expect(importsOf(resolve(SRC, "export-files.ts")).dynamics).toEqual(["@nnc/compiler"]);
    // The walk itself sees through value imports: the Worker's module reaches the compiler.
    expect([...pagePackages(["analysis-worker.ts"]).keys()]).toContain("@nnc/compiler");
  });
});
