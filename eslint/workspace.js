// @ts-check
// The workspace as the layering rules see it: which package a file belongs to, and which entry points
// ("exports") each package publishes. Read from the package.json files once per lint process.
import fs from "node:fs";
import path from "node:path";

/**
 * @typedef {{ name: string, dir: string, entries: ReadonlySet<string>, sources: ReadonlyMap<string, string> }} WorkspacePackage
 *   entries: the published specifiers ("@nnc/runtime/core"); sources: each one's source file (the
 *   "@nnc/source" export condition), where the package.json names one.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");

/** @type {Map<string, WorkspacePackage | null>} */
const byDir = new Map();

/**
 * The workspace package that holds `file` (the nearest folder above it with a package.json naming an
 * `@nnc/` package), or null for files outside every package.
 * @param {string} file
 * @returns {WorkspacePackage | null}
 */
export function packageOf(file) {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    const pkg = readPackage(dir);
    if (pkg !== null) return pkg;
    const up = path.dirname(dir);
    if (up === dir || dir === REPO_ROOT) return null;
    dir = up;
  }
}

/** @type {Map<string, WorkspacePackage> | null} */
let byName = null;

/**
 * The package an `@nnc/...` name belongs to ("@nnc/runtime/core" → @nnc/runtime), or null.
 * @param {string} specifier
 */
export function packageNamed(specifier) {
  if (byName === null) {
    byName = new Map();
    for (const group of ["packages", "apps"]) {
      const groupDir = path.join(REPO_ROOT, group);
      if (!fs.existsSync(groupDir)) continue;
      for (const d of fs.readdirSync(groupDir)) {
        const pkg = readPackage(path.join(groupDir, d));
        if (pkg !== null) byName.set(pkg.name, pkg);
      }
    }
    for (const d of ["test", "bench"]) {
      const pkg = readPackage(path.join(REPO_ROOT, d));
      if (pkg !== null) byName.set(pkg.name, pkg);
    }
  }
  const [scope, name] = specifier.split("/");
  return byName.get(`${scope ?? ""}/${name ?? ""}`) ?? null;
}

/**
 * @param {string} dir
 * @returns {WorkspacePackage | null}
 */
function readPackage(dir) {
  const cached = byDir.get(dir);
  if (cached !== undefined) return cached;
  /** @type {WorkspacePackage | null} */
  let pkg = null;
  const file = path.join(dir, "package.json");
  if (fs.existsSync(file)) {
    /** @type {{ name?: unknown, exports?: unknown }} */
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    const name = json.name;
    if (typeof name === "string" && name.startsWith("@nnc/")) {
      const exportsField = json.exports;
      const keys = exportsField !== null && typeof exportsField === "object" ? Object.keys(exportsField) : ["."];
      // "." is the package's name itself; "./core" is "@nnc/runtime/core"
      const entries = new Set(keys.map((k) => (k === "." ? name : `${name}/${k.replace(/^\.\//, "")}`)));
      /** @type {Map<string, string>} */
      const sources = new Map();
      for (const k of keys) {
        /** @type {unknown} */
        const target = exportsField !== null && typeof exportsField === "object" ? /** @type {Record<string, unknown>} */ (exportsField)[k] : undefined;
        const source = target !== null && typeof target === "object" ? /** @type {Record<string, unknown>} */ (target)["@nnc/source"] : target;
        if (typeof source === "string") sources.set(k === "." ? name : `${name}/${k.replace(/^\.\//, "")}`, path.join(dir, source));
      }
      pkg = { name, dir, entries, sources };
    }
  }
  byDir.set(dir, pkg);
  return pkg;
}
