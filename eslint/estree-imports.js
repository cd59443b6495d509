// @ts-check
// The imports of the file ESLint is linting, from its AST (so an editor's unsaved text is what is checked).

/**
 * @typedef {{ specifier: string, typeOnly: boolean, node: import("estree").Node }} AstImport
 */

/**
 * Calls `onImport` for every import, export-from, dynamic `import("x")` and `import("x").T` type.
 * @param {(found: AstImport) => void} onImport
 * @returns {import("eslint").Rule.RuleListener}
 */
export function importVisitors(onImport) {
  /** @param {any} node the TS-ESTree node (its TS-only fields are not in the estree typings) */
  const declaration = (node) => {
    const source = node.source;
    if (source === null || source === undefined || typeof source.value !== "string") return;
    onImport({ specifier: source.value, typeOnly: declarationIsTypeOnly(node), node: source });
  };
  return {
    ImportDeclaration: declaration,
    ExportNamedDeclaration: declaration,
    ExportAllDeclaration: declaration,
    /** @param {any} node */
    ImportExpression(node) {
      if (node.source.type === "Literal" && typeof node.source.value === "string") {
        onImport({ specifier: node.source.value, typeOnly: false, node: node.source });
      }
    },
    /** @param {any} node */
    TSImportType(node) {
      const literal = node.source; // typescript-eslint ≥ 8.x: a string Literal
      if (literal?.type === "Literal" && typeof literal.value === "string") {
        onImport({ specifier: literal.value, typeOnly: true, node: literal });
      }
    },
  };
}

/**
 * `import type`, `export type … from`, or a declaration whose every named binding is `type X`.
 * `import "x"` (side effects) and default/namespace bindings are value imports.
 * @param {any} node
 */
function declarationIsTypeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  /** @type {any[]} */
  const specifiers = node.specifiers ?? [];
  if (specifiers.length === 0) return false;
  return specifiers.every(
    (s) => (s.type === "ImportSpecifier" && s.importKind === "type") || (s.type === "ExportSpecifier" && s.exportKind === "type"),
  );
}
