// The layering lint rules (eslint/): they fire on imports against ARCHITECTURE.md's direction and on
// import cycles, and stay quiet on allowed imports. Files are named inside the real packages, because the
// rule reads the package a file belongs to from its folder.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, describe, expect, it } from "vitest";
import { LAYERS, matches } from "../../eslint/layers.js";
import nnc from "../../eslint/plugin.js";

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const repo = path.resolve(import.meta.dirname, "../..");
const inPkg = (pkg: string, file = "src/x.ts"): string => path.join(repo, "packages", pkg, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

const codegenRule =
  "layering: codegen-ts may import ir, ops, diagnostics, runtime/code-escape; types only: runtime";

tester.run("nnc/layering", nnc.rules.layering, {
  valid: [
    { filename: inPkg("codegen-ts"), code: `import { typeToString } from "@nnc/ir";` },
    { filename: inPkg("codegen-ts"), code: `import { escapeTsString } from "@nnc/runtime/code-escape";` },
    { filename: inPkg("codegen-ts"), code: `import type { CompiledModel } from "@nnc/runtime";` },
    { filename: inPkg("codegen-ts"), code: `import { type CompiledModel } from "@nnc/runtime";` },
    { filename: inPkg("codegen-ts"), code: `export type { CompiledModel } from "@nnc/runtime";` },
    { filename: inPkg("codegen-ts"), code: `import { x } from "./y.ts"; import fs from "node:fs";` },
    { filename: inPkg("ops"), code: `import type { OptimizerKind } from "@nnc/runtime/core";` },
    { filename: inPkg("lower"), code: `import { parse } from "@nnc/syntax"; import { lookupOp } from "@nnc/ops";` },
    { filename: inPkg("compiler"), code: `import { generate } from "@nnc/codegen-ts"; import { lower } from "@nnc/lower";` },
    { filename: inPkg("cli"), code: `import { compile } from "@nnc/compiler"; import type { Graph } from "@nnc/ir";` },
    { filename: inPkg("codegen-ts"), code: `import type { Setting } from "@nnc/runtime/core";` },
    { filename: path.join(repo, "test/src/x.test.ts"), code: `import { run } from "@nnc/cli"; import { lower } from "@nnc/lower";` },
    { filename: path.join(repo, "apps/playground/src/x.ts"), code: `import src from "../../../examples/spirals.nn?raw";` },
  ],
  invalid: [
    {
      filename: inPkg("codegen-ts"),
      code: `import { lower } from "@nnc/lower";`,
      errors: [{ message: `${codegenRule}; not lower (eslint/layers.js, ARCHITECTURE.md)` }],
    },
    {
      // tests obey their package's rule
      filename: inPkg("codegen-ts", "src/generate.test.ts"),
      code: `import { differentiate } from "@nnc/autodiff";`,
      errors: [{ message: `${codegenRule}; not autodiff (eslint/layers.js, ARCHITECTURE.md)` }],
    },
    { filename: inPkg("codegen-ts"), code: `export * from "@nnc/lower";`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("codegen-ts"), code: `const m = await import("@nnc/lower");`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("codegen-ts"), code: `let t: import("@nnc/lower").LoweredModel;`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("codegen-ts"), code: `import type { Ast } from "@nnc/syntax";`, errors: [{ messageId: "notAllowed" }] },
    {
      // a value import of a types-only entry; a mixed declaration is a value import
      filename: inPkg("codegen-ts"),
      code: `import { type CompiledModel, trainLoop } from "@nnc/runtime";`,
      errors: [{ message: `${codegenRule}; runtime only with \`import type\` (eslint/layers.js)` }],
    },
    { filename: inPkg("ops"), code: `import { mulberry32 } from "@nnc/runtime/core";`, errors: [{ messageId: "typeOnly" }] },
    { filename: inPkg("autodiff"), code: `import { interpret } from "@nnc/interp";`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("passes", "src/semantics.test.ts"), code: `import { interpret } from "@nnc/interp";`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("runtime"), code: `import type { Span } from "@nnc/diagnostics";`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("ir"), code: `import { lookupOp } from "@nnc/ops";`, errors: [{ messageId: "notAllowed" }] },
    { filename: inPkg("cli"), code: `import { lower } from "@nnc/lower";`, errors: [{ messageId: "typeOnly" }] },
    { filename: inPkg("compiler"), code: `import { main } from "@nnc/cli";`, errors: [{ message: "layering: nothing imports an app (cli); only test/ may" }] },
    {
      filename: path.join(repo, "test/src/x.test.ts"),
      code: `import { Graph } from "@nnc/ir/src/graph.ts";`,
      errors: [{ message: `layering: no deep imports; @nnc/ir publishes @nnc/ir (its package.json "exports")` }],
    },
    { filename: inPkg("ops"), code: `import { lookupOp } from "@nnc/ops";`, errors: [{ messageId: "self" }] },
    { filename: inPkg("lower"), code: `import { ADD } from "@nnc/nonexistent";`, errors: [{ messageId: "unknown" }] },
    {
      filename: inPkg("lower"),
      code: `import { GraphBuilder } from "../../ops/src/builder.ts";`,
      errors: [{ messageId: "outside" }],
    },
  ],
});

// A package on disk with a cycle a → b → c → a (the last edge type-only) and a file d outside it.
const fixture = fs.mkdtempSync(path.join(os.tmpdir(), "nnc-layering-"));
const files: Record<string, string> = {
  "package.json": JSON.stringify({ name: "@nnc/fixture" }),
  "src/a.ts": `import { b } from "./b.ts";\nexport const a = b;\n`,
  "src/b.ts": `import { c } from "./c.ts";\nexport const b = c;\n`,
  "src/c.ts": `import type { a } from "./a.ts";\nexport const c = 1 as unknown as typeof a;\n`,
  "src/d.ts": `import { a } from "./a.ts";\nexport const d = a;\n`,
  "src/e.ts": `import * as self from "./e.ts";\nexport const e = self;\n`,
};
for (const [name, text] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(fixture, name)), { recursive: true });
  fs.writeFileSync(path.join(fixture, name), text);
}
afterAll(() => {
  fs.rmSync(fixture, { recursive: true, force: true });
});
const at = (name: string): { filename: string; code: string } => ({ filename: path.join(fixture, name), code: files[name] ?? "" });

tester.run("nnc/no-cycle", nnc.rules["no-cycle"], {
  valid: [at("src/d.ts")],
  invalid: [
    {
      ...at("src/a.ts"),
      errors: [{ message: "import cycle: src/a.ts → src/b.ts → src/c.ts → src/a.ts (break it: move the shared part into a file both import)" }],
    },
    { ...at("src/c.ts"), errors: [{ message: /^import cycle: src\/c\.ts → src\/a\.ts → src\/b\.ts → src\/c\.ts / }] },
    { ...at("src/e.ts"), errors: [{ message: /^import cycle: src\/e\.ts → src\/e\.ts / }] },
  ],
});

// Files of the real tree: rng.ts is reached from "@nnc/runtime/core", ir's index from "@nnc/compiler" (the
// browser entry); runtime's index.ts is the Node adapter and compiler's node.ts the Node entry.
tester.run("nnc/browser-safe", nnc.rules["browser-safe"], {
  valid: [
    { filename: inPkg("runtime", "src/index.ts"), code: `import fs from "node:fs";` },
    { filename: inPkg("compiler", "src/node.ts"), code: `import { readFileSync } from "node:fs";` },
    { filename: inPkg("runtime", "src/rng.ts"), code: `import type { Stats } from "node:fs";` },
  ],
  invalid: [
    {
      filename: inPkg("runtime", "src/rng.ts"),
      code: `import fs from "node:fs";`,
      errors: [{ message: /^browser-safe: @nnc\/runtime\/core runs in the browser and reaches this file \(packages\/runtime\/src\/core\.ts → .*packages\/runtime\/src\/rng\.ts\); it must not import node:fs/ }],
    },
    { filename: inPkg("runtime", "src/rng.ts"), code: `import path from "path";`, errors: [{ messageId: "builtin" }] },
    { filename: inPkg("ir", "src/index.ts"), code: `const os = await import("node:os");`, errors: [{ message: /^browser-safe: @nnc\/compiler runs in the browser/ }] },
  ],
});

// The table itself: every workspace package has a row, and no two packages may import each other (so no
// cycle can cross packages, and nnc/no-cycle need only look inside one).
describe("the layer table (eslint/layers.js)", () => {
  const names = ["packages", "apps"]
    .flatMap((g) => fs.readdirSync(path.join(repo, g)).map((d) => path.join(repo, g, d, "package.json")))
    .concat([path.join(repo, "test/package.json"), path.join(repo, "bench/package.json")])
    .filter((f) => fs.existsSync(f))
    .map((f) => (JSON.parse(fs.readFileSync(f, "utf8")) as { name: string }).name);
  const mayImport = (from: string, to: string): boolean => {
    const row = LAYERS[from];
    return row !== undefined && (row.any === true || [...row.value, ...row.type].some((item) => matches(item, to)));
  };

  it("has a row for every workspace package", () => {
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.filter((n) => LAYERS[n] === undefined)).toEqual([]);
  });

  it("is acyclic: the packages form layers", () => {
    const libs = names.filter((n) => n !== "@nnc/test");
    // depth-first search for a path back to the start
    const cycles = libs.flatMap((start) => {
      const seen = new Set<string>();
      const stack = libs.filter((n) => n !== start && mayImport(start, n));
      while (stack.length > 0) {
        const at = stack.pop()!;
        if (seen.has(at)) continue;
        seen.add(at);
        if (mayImport(at, start)) return [`${start} ↔ ${at}`];
        stack.push(...libs.filter((n) => n !== at && mayImport(at, n)));
      }
      return [];
    });
    expect(cycles).toEqual([]);
    expect(mayImport("@nnc/codegen-ts", "@nnc/ops") && !mayImport("@nnc/ops", "@nnc/codegen-ts")).toBe(true);
  });
});
