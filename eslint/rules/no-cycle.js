// @ts-check
// nnc/no-cycle: no file takes part in an import cycle. Type-only imports count: a cycle of types is still
// two files that cannot be understood one without the other. Cycles between packages cannot happen while
// nnc/layering holds (the layer table is acyclic), so the graph is one package's own files.
import path from "node:path";
import { isRelative, listCodeFiles, relativeTargetsOf, resolveRelative } from "../import-graph.js";
import { importVisitors } from "../estree-imports.js";
import { packageOf } from "../workspace.js";

/**
 * The shortest import path from `from` back to `to` (both included), or null when there is none:
 * breadth-first over the package's files.
 * @param {string} from
 * @param {string} to
 * @param {ReadonlySet<string>} files the package's files; paths never leave them
 * @returns {string[] | null}
 */
export function shortestPath(from, to, files) {
  /** @type {Map<string, string | null>} */
  const parent = new Map([[from, null]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const at = /** @type {string} */ (queue[head]);
    if (at === to) {
      /** @type {string[]} */
      const pathBack = [];
      for (let n = /** @type {string | null | undefined} */ (at); n != null; n = parent.get(n)) pathBack.push(n);
      return pathBack.reverse();
    }
    for (const next of relativeTargetsOf(at)) {
      if (files.has(next) && !parent.has(next)) {
        parent.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noCycleRule = {
  meta: {
    type: "problem",
    docs: { description: "no import cycles among a package's files" },
    schema: [],
    messages: { cycle: "import cycle: {{cycle}} (break it: move the shared part into a file both import)" },
  },
  create(context) {
    const self = packageOf(context.filename);
    if (self === null) return {};
    const file = path.resolve(context.filename);
    const files = new Set(listCodeFiles(self.dir));
    return importVisitors(({ specifier, node }) => {
      if (!isRelative(specifier)) return;
      const target = resolveRelative(file, specifier);
      if (target === null || !files.has(target)) return;
      const back = target === file ? [file] : shortestPath(target, file, files);
      if (back === null) return;
      const cycle = [file, ...back].map((f) => path.relative(self.dir, f)).join(" → ");
      context.report({ node, messageId: "cycle", data: { cycle } });
    });
  },
};
