// @ts-check
// nnc/layering: every import of a package's source must be allowed by the layer table (eslint/layers.js).
// Also: no deep imports (`@nnc/x/src/...`: only the entries in x's package.json "exports"), nothing
// imports an app, and a relative import never reaches into another package's folder.
import path from "node:path";
import { isCodeFile, isRelative, resolveRelative } from "../import-graph.js";
import { importVisitors } from "../estree-imports.js";
import { APPS, LAYERS, describeAllowed, matches, shortName } from "../layers.js";
import { REPO_ROOT, packageNamed, packageOf } from "../workspace.js";

/** @type {import("eslint").Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: "problem",
    docs: { description: "imports follow the layer table of ARCHITECTURE.md (eslint/layers.js)" },
    schema: [],
    messages: {
      notAllowed: "layering: {{allowed}}; not {{target}} (eslint/layers.js, ARCHITECTURE.md)",
      typeOnly: "layering: {{allowed}}; {{target}} only with `import type` (eslint/layers.js)",
      deep: "layering: no deep imports; {{pkg}} publishes {{entries}} (its package.json \"exports\")",
      app: "layering: nothing imports an app ({{target}}); only test/ may",
      unknown: "layering: {{target}} is not a workspace package",
      self: "layering: import your own package's files by relative path, not through {{target}}",
      outside: "layering: a relative import must stay inside its package; {{target}} is in {{where}}: import it by its package name",
    },
  },
  create(context) {
    const self = packageOf(context.filename);
    if (self === null) return {};
    const allowed = LAYERS[self.name];
    return importVisitors(({ specifier, typeOnly, node }) => {
      /** @param {string} messageId @param {Record<string, string>} data */
      const report = (messageId, data) => context.report({ node, messageId, data });
      if (isRelative(specifier)) {
        const target = resolveRelative(context.filename, specifier);
        if (target === null || !isCodeFile(target)) return; // data files (`?raw` examples) are not code edges
        const owner = packageOf(target);
        if (owner?.name === self.name) return;
        if (owner === null && allowed?.any === true) return; // test/ may read scripts/, eslint/ …
        report("outside", { target: specifier, where: owner?.name ?? path.relative(REPO_ROOT, path.dirname(target)) });
        return;
      }
      if (!specifier.startsWith("@nnc/")) return;
      const target = packageNamed(specifier);
      if (target === null) return report("unknown", { target: specifier });
      if (!target.entries.has(specifier)) {
        return report("deep", { pkg: target.name, entries: [...target.entries].join(", ") });
      }
      if (target.name === self.name) return report("self", { target: specifier });
      if (allowed?.any === true) return;
      if (APPS.includes(target.name)) return report("app", { target: shortName(specifier) });
      const data = { allowed: describeAllowed(self.name), target: shortName(specifier) };
      if (allowed?.value.some((item) => matches(item, specifier)) === true) return;
      if (allowed?.type.some((item) => matches(item, specifier)) === true) {
        if (!typeOnly) report("typeOnly", data);
        return;
      }
      report("notAllowed", data);
    });
  },
};
