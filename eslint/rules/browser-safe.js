// @ts-check
// nnc/browser-safe: no Node built-in (`node:fs`, `path`, …) is reachable from an entry that runs in the
// browser (BROWSER_ENTRIES in eslint/layers.js). Reachable = through value imports, relative or of an
// @nnc entry (resolved to its source by the "@nnc/source" export condition), across packages;
// `import type` is erased and not followed. The check runs only at a file that imports a built-in.
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { importsOf, isRelative, resolveRelative } from "../import-graph.js";
import { importVisitors } from "../estree-imports.js";
import { BROWSER_ENTRIES } from "../layers.js";
import { REPO_ROOT, packageNamed } from "../workspace.js";

/** @param {string} specifier */
export function isNodeBuiltin(specifier) {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0] ?? "");
}

/**
 * The source file a value import leads to, or null (npm packages, built-ins, data files).
 * @param {string} from
 * @param {string} specifier
 */
function follow(from, specifier) {
  if (isRelative(specifier)) return resolveRelative(from, specifier);
  if (!specifier.startsWith("@nnc/")) return null;
  return packageNamed(specifier)?.sources.get(specifier) ?? null;
}

/**
 * Breadth-first from `entryFile` over value imports: each reached file with the file it was reached from.
 * @param {string} entryFile
 * @returns {Map<string, string | null>}
 */
export function reach(entryFile) {
  /** @type {Map<string, string | null>} */
  const parent = new Map([[entryFile, null]]);
  const queue = [entryFile];
  for (let head = 0; head < queue.length; head++) {
    const at = /** @type {string} */ (queue[head]);
    for (const i of importsOf(at)) {
      if (i.typeOnly) continue;
      const next = follow(at, i.specifier);
      if (next !== null && !parent.has(next) && /\.(m|c)?tsx?$/.test(next)) {
        parent.set(next, at);
        queue.push(next);
      }
    }
  }
  return parent;
}

/** @type {Map<string, { parent: Map<string, string | null>, mtimes: Map<string, number> }>} */
const reachCache = new Map();

/**
 * `reach(entryFile)`, kept while none of the files it reached has changed (a stat each, no parse).
 * @param {string} entryFile
 */
function reachCached(entryFile) {
  const cached = reachCache.get(entryFile);
  if (cached !== undefined && [...cached.mtimes].every(([f, m]) => fs.existsSync(f) && fs.statSync(f).mtimeMs === m)) return cached.parent;
  const parent = reach(entryFile);
  reachCache.set(entryFile, { parent, mtimes: new Map([...parent.keys()].map((f) => [f, fs.statSync(f).mtimeMs])) });
  return parent;
}

/** An entry (a specifier or a repo-relative file) as a file. @param {string} entry */
function entryFile(entry) {
  return entry.startsWith("@nnc/") ? (packageNamed(entry)?.sources.get(entry) ?? null) : path.join(REPO_ROOT, entry);
}

/** @type {import("eslint").Rule.RuleModule} */
export const browserSafeRule = {
  meta: {
    type: "problem",
    docs: { description: "no Node built-in reachable from a browser entry (eslint/layers.js BROWSER_ENTRIES)" },
    schema: [],
    messages: {
      builtin:
        "browser-safe: {{entry}} runs in the browser and reaches this file ({{chain}}); it must not import {{builtin}}: move the Node part behind a Node-only entry",
    },
  },
  create(context) {
    const file = path.resolve(context.filename);
    // no module imports a test file, so no browser entry reaches one
    if (/\.test\.tsx?$/.test(file)) return {};
    return importVisitors(({ specifier, typeOnly, node }) => {
      if (typeOnly || !isNodeBuiltin(specifier)) return;
      for (const entry of BROWSER_ENTRIES) {
        const start = entryFile(entry);
        if (start === null) continue;
        const parent = reachCached(start);
        if (!parent.has(file)) continue;
        /** @type {string[]} */
        const chain = [];
        for (let at = /** @type {string | null | undefined} */ (file); at != null; at = parent.get(at)) chain.unshift(path.relative(REPO_ROOT, at));
        context.report({ node, messageId: "builtin", data: { entry, chain: chain.join(" → "), builtin: specifier } });
        return;
      }
    });
  },
};
