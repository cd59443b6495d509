import { join } from "node:path";
import { it } from "vitest";
import { builtinsReference } from "@nnc/lower";
import { ruleTable } from "@nnc/autodiff";
import { expectGolden } from "./golden.ts";

const docs = join(import.meta.dirname, "..", "..", "docs");

it("docs/builtins.md is generated from the built-in table", () => {
  expectGolden(join(docs, "builtins.md"), builtinsReference());
});

it("docs/rules.md is generated from the op table's Jacobian-transpose rules", () => {
  expectGolden(join(docs, "rules.md"), `# Jacobian-transpose (VJP) rules of every op\n\nGenerated from the op table (\`npm run golden:update\` rewrites it).\n\n${ruleTable()}\n`);
});
