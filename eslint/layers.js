// @ts-check
// The layer table: which workspace entry points each package's source (tests included) may import.
// It writes out ARCHITECTURE.md's direction
//   diagnostics, runtime (leaves) ← syntax, ir ← ops ← lower, autodiff, passes, interp, codegen-ts, export-onnx,
//   codegen-pytorch ← compiler
//   ← cli, playground, bench;  test/ may import anything.
// An entry is an import specifier ("@nnc/runtime/core") or a package with all its published entries
// ("@nnc/compiler/*": "@nnc/compiler", "@nnc/compiler/node", …); `type:` entries allow only type-only
// imports (`import type`, `export type … from`, `import("x").T`), which leave no run-time edge.
// Every package may import its own files; a package missing from this table may import no @nnc package.

/** @typedef {{ value: readonly string[], type: readonly string[], any?: true }} Allowed */

/** Every published entry of a package: "ir" → "@nnc/ir/*". */
const all = (/** @type {string} */ name) => `@nnc/${name}/*`;
const LIBS = ["diagnostics", "runtime", "syntax", "ir", "ops", "lower", "autodiff", "passes", "interp", "codegen-ts", "export-onnx", "codegen-pytorch"];
const ALL_LIB_ENTRIES = LIBS.map((p) => all(p));
/** The apps: nothing but test/ imports them. */
export const APPS = ["@nnc/cli", "@nnc/playground", "@nnc/bench", "@nnc/test"];

const CORE_TYPES = "@nnc/runtime/core";

/** @type {Record<string, Allowed>} */
export const LAYERS = {
  "@nnc/diagnostics": { value: [], type: [] },
  "@nnc/runtime": { value: [], type: [] },
  "@nnc/syntax": { value: [all("diagnostics")], type: [] },
  "@nnc/ir": { value: [all("diagnostics")], type: [] },
  "@nnc/ops": { value: [all("ir"), all("diagnostics")], type: [CORE_TYPES] },
  "@nnc/lower": { value: [all("syntax"), all("ir"), all("ops"), all("diagnostics")], type: [CORE_TYPES] },
  "@nnc/autodiff": { value: [all("ir"), all("ops"), all("diagnostics")], type: [CORE_TYPES] },
  "@nnc/passes": { value: [all("ir"), all("ops"), all("diagnostics")], type: [CORE_TYPES] },
  "@nnc/interp": { value: [all("ir"), all("ops"), all("diagnostics")], type: [CORE_TYPES] },
  "@nnc/codegen-ts": {
    value: [all("ir"), all("ops"), all("diagnostics"), "@nnc/runtime/code-escape"],
    type: [all("runtime")],
  },
  // The backends are siblings: each reads the IR and the op and training tables, and nothing else.
  "@nnc/export-onnx": { value: [all("ir"), all("ops"), all("diagnostics")], type: [all("runtime")] },
  "@nnc/codegen-pytorch": { value: [all("ir"), all("ops"), all("diagnostics"), "@nnc/runtime/code-escape"], type: [all("runtime")] },
  "@nnc/compiler": { value: ALL_LIB_ENTRIES, type: [] },
  // Pictures of the compiler's graphs, shared by the playground and `nnc graph`: a client of the driver.
  "@nnc/graph-view": { value: [all("compiler"), all("diagnostics")], type: ALL_LIB_ENTRIES },
  "@nnc/cli": driverClient([all("graph-view")]),
  "@nnc/playground": driverClient([all("graph-view")]),
  "@nnc/bench": driverClient(),
  // The published package: its build bundles the CLI's sources by path (esbuild) and imports no @nnc package.
  nnc: { value: [], type: [] },
  "@nnc/test": { value: [], type: [], any: true },
};

/**
 * What runs in the browser: no Node built-in may be reachable from these (nnc/browser-safe). A
 * specifier is its "@nnc/source" file; a path is relative to the repository.
 */
export const BROWSER_ENTRIES = [
  "@nnc/runtime/core",
  "@nnc/compiler",
  "@nnc/graph-view",
  "apps/playground/src/boot.ts",
  "apps/playground/src/main.ts",
  "apps/playground/src/train-worker.ts",
  "apps/playground/src/language-worker.ts",
  "apps/playground/src/analysis-worker.ts",
];

/**
 * cli, playground and bench call the compiler (and `views`: the driver's clients they draw with) and
 * nothing below it; they may name the types of any library package (a type is not a call) and use the
 * runtime and diagnostics directly.
 * @returns {Allowed}
 */
function driverClient(/** @type {readonly string[]} */ views = []) {
  return {
    value: [all("compiler"), all("runtime"), all("diagnostics"), ...views],
    type: ALL_LIB_ENTRIES,
  };
}

/**
 * Whether `specifier` is allowed by the table item `item`: the same specifier, or any entry of the
 * package when the item ends in "/*".
 * @param {string} item
 * @param {string} specifier
 */
export function matches(item, specifier) {
  if (!item.endsWith("/*")) return item === specifier;
  const pkg = item.slice(0, -2);
  return specifier === pkg || specifier.startsWith(`${pkg}/`);
}

/** "@nnc/runtime/core" → "runtime/core", "@nnc/ir/*" → "ir" (the package): the names used in messages. */
export function shortName(/** @type {string} */ specifier) {
  return specifier.replace(/^@nnc\//, "").replace(/\/\*$/, "");
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
  const typeOnly = allowed.type.filter((t) => !allowed.value.some((v) => matches(v, t.replace(/\/\*$/, ""))));
  const type = typeOnly.length === 0 ? "" : `; types only: ${typeOnly.map(shortName).join(", ")}`;
  return `${shortName(pkg)} may import ${value}${type}`;
}
