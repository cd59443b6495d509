// @ts-check
// The layer table: which workspace entry points each package's source (tests included) may import.
// It writes out ARCHITECTURE.md's direction
//   diagnostics, runtime (leaves) ← syntax, ir ← ops ← lower, autodiff, passes, interp, codegen-ts ← compiler
//   ← cli, playground, bench;  test/ may import anything.
// An entry is an import specifier ("@nnc/runtime/core"); `type:` entries allow only type-only imports
// (`import type`, `export type … from`, `import("x").T`), which leave no run-time edge.
// Every package may import its own files; a package missing from this table may import no @nnc package.

/** @typedef {{ value: readonly string[], type: readonly string[], any?: true }} Allowed */

const LIBS = ["diagnostics", "runtime", "syntax", "ir", "ops", "lower", "autodiff", "passes", "interp", "codegen-ts"];
const ALL_LIB_ENTRIES = [
  ...LIBS.map((p) => `@nnc/${p}`),
  "@nnc/runtime/core",
  "@nnc/runtime/code-escape",
];
/** The apps: nothing but test/ imports them. */
export const APPS = ["@nnc/cli", "@nnc/playground", "@nnc/bench", "@nnc/test"];

/** @type {Record<string, Allowed>} */
export const LAYERS = {
  "@nnc/diagnostics": { value: [], type: [] },
  "@nnc/runtime": { value: [], type: [] },
  "@nnc/syntax": { value: ["@nnc/diagnostics"], type: [] },
  "@nnc/ir": { value: ["@nnc/diagnostics"], type: [] },
  "@nnc/ops": { value: ["@nnc/ir", "@nnc/diagnostics"], type: ["@nnc/runtime/core"] },
  "@nnc/lower": { value: ["@nnc/syntax", "@nnc/ir", "@nnc/ops", "@nnc/diagnostics"], type: ["@nnc/runtime/core"] },
  "@nnc/autodiff": { value: ["@nnc/ir", "@nnc/ops", "@nnc/diagnostics"], type: ["@nnc/runtime/core"] },
  "@nnc/passes": { value: ["@nnc/ir", "@nnc/ops", "@nnc/diagnostics"], type: ["@nnc/runtime/core"] },
  "@nnc/interp": { value: ["@nnc/ir", "@nnc/ops", "@nnc/diagnostics"], type: ["@nnc/runtime/core"] },
  "@nnc/codegen-ts": {
    value: ["@nnc/ir", "@nnc/ops", "@nnc/diagnostics", "@nnc/runtime/code-escape"],
    type: ["@nnc/runtime", "@nnc/runtime/core"],
  },
  "@nnc/compiler": { value: ALL_LIB_ENTRIES, type: [] },
  "@nnc/cli": driverClient(),
  "@nnc/playground": driverClient(),
  "@nnc/bench": driverClient(),
  "@nnc/test": { value: [], type: [], any: true },
};

/**
 * cli, playground and bench call the compiler and nothing below it; they may name the types of any
 * library package (a type is not a call) and use the runtime and diagnostics directly.
 * @returns {Allowed}
 */
function driverClient() {
  return {
    value: ["@nnc/compiler", "@nnc/compiler/program", "@nnc/runtime", "@nnc/runtime/core", "@nnc/runtime/code-escape", "@nnc/diagnostics"],
    type: ALL_LIB_ENTRIES,
  };
}

/** "@nnc/runtime/core" → "runtime/core": the short names used in messages. */
export function shortName(/** @type {string} */ specifier) {
  return specifier.replace(/^@nnc\//, "");
}

/**
 * The one-line statement of what a package may import, used in every message of the rule, e.g.
 * "codegen-ts may import ir, ops, diagnostics, runtime/code-escape; types only: runtime, runtime/core".
 * @param {string} pkg
 */
export function describeAllowed(pkg) {
  const allowed = LAYERS[pkg];
  if (allowed === undefined) return `${shortName(pkg)} is not in the layer table (eslint/layers.js) and may import no @nnc package`;
  if (allowed.any === true) return `${shortName(pkg)} may import anything`;
  const value = allowed.value.length === 0 ? "no @nnc package" : allowed.value.map(shortName).join(", ");
  const typeOnly = allowed.type.filter((t) => !allowed.value.includes(t));
  const type = typeOnly.length === 0 ? "" : `; types only: ${typeOnly.map(shortName).join(", ")}`;
  return `${shortName(pkg)} may import ${value}${type}`;
}
