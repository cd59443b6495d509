// @ts-check
// Reads the imports of TypeScript files from disk (for the files ESLint is not looking at right now) and
// resolves the relative ones. Shared by the layering rules; no ESLint dependency here.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/**
 * @typedef {{ specifier: string, typeOnly: boolean, line: number, column: number }} ImportRef
 *   one import, export-from, dynamic `import()` or `import("x").T` type; line 1-based, column 0-based.
 */

const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx"];

/** @param {string} file */
export function isCodeFile(file) {
  return CODE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !file.endsWith(".d.ts");
}

/**
 * The imports of one file's text, in source order. A declaration counts as type-only when it is
 * `import type`/`export type` or every one of its named bindings is `type X` (no default, no namespace).
 * @param {string} fileName
 * @param {string} text
 * @returns {ImportRef[]}
 */
export function readImports(fileName, text) {
  // no parent pointers: 3× faster to parse, and nothing here walks upwards
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** @type {ImportRef[]} */
  const out = [];
  /** @param {ts.Node} at @param {string} specifier @param {boolean} typeOnly */
  const add = (at, specifier, typeOnly) => {
    const pos = sf.getLineAndCharacterOfPosition(at.getStart(sf));
    out.push({ specifier, typeOnly, line: pos.line + 1, column: pos.character });
  };
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, importIsTypeOnly(node.importClause));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
      const typeOnly = node.isTypeOnly || (named !== null && named.length > 0 && named.every((e) => e.isTypeOnly));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg !== undefined && ts.isStringLiteralLike(arg)) add(node, arg.text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** @param {ts.ImportClause | undefined} clause */
function importIsTypeOnly(clause) {
  if (clause === undefined) return false; // `import "x"` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  if (bindings === undefined || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/**
 * The file a relative specifier names, or null when it names no file on disk. Handles the repo's
 * `./x.ts` style, TypeScript's `./x.js` → `x.ts` mapping, extensionless paths and folder index files.
 * A `?raw`-style query (Vite) is dropped.
 * @param {string} fromFile
 * @param {string} specifier
 * @returns {string | null}
 */
export function resolveRelative(fromFile, specifier) {
  const bare = specifier.replace(/[?#].*$/, "");
  const base = path.resolve(path.dirname(fromFile), bare);
  const stem = base.replace(/\.(m|c)?js$/, "");
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${base}.ts`, path.join(base, "index.ts")];
  for (const c of candidates) {
    try {
      if (fs.statSync(c).isFile()) return c;
    } catch {
      // not this candidate
    }
  }
  return null;
}

/** @type {Map<string, { mtimeMs: number, imports: ImportRef[] }>} parsed imports per file, kept while unchanged */
const importCache = new Map();

/**
 * The imports of a file on disk, parsed once per version of the file.
 * @param {string} file
 * @returns {ImportRef[]}
 */
export function importsOf(file) {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = importCache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  const imports = readImports(file, fs.readFileSync(file, "utf8"));
  importCache.set(file, { mtimeMs, imports });
  return imports;
}

/** @type {Map<string, { mtimeMs: number, targets: string[] }>} */
const edgeCache = new Map();

/**
 * The files `file` imports by relative path, type-only ones included, resolved. Uses TypeScript's
 * import scanner (no parse: several times faster than `importsOf`), enough where kinds do not matter.
 * @param {string} file
 * @returns {string[]}
 */
export function relativeTargetsOf(file) {
  const mtimeMs = fs.statSync(file).mtimeMs;
  const cached = edgeCache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.targets;
  const targets = ts
    .preProcessFile(fs.readFileSync(file, "utf8"), true, true)
    .importedFiles.map((f) => f.fileName)
    .filter(isRelative)
    .map((s) => resolveRelative(file, s))
    .filter(/** @returns {t is string} */ (t) => t !== null);
  edgeCache.set(file, { mtimeMs, targets });
  return targets;
}

/** @param {string} specifier */
export function isRelative(specifier) {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}

/** Folders that hold no source: installed packages, and build and test output (.gitignore's; test/test-output holds megabytes of generated programs). */
const SKIPPED_DIRS = new Set(["node_modules", "dist", ".turbo", "coverage", "test-output"]);

/**
 * Every code file under `dir` (recursively), skipping the folders of SKIPPED_DIRS.
 * @param {string} dir
 * @returns {string[]}
 */
export function listCodeFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} d */
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isCodeFile(full)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}
