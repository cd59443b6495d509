/**
 * Writes the generated reference of docs/training.md (between `<!-- generated:train-tables -->` and
 * `<!-- /generated -->`) from the training-setting tables of @nnc/ops. Run from the repository root:
 *   node --conditions=@nnc/source --import tsx scripts/gen-docs.ts
 * test/src/train-docs.test.ts fails when the file is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spliceGenerated, trainTablesReference } from "@nnc/ops";

const file = join(import.meta.dirname, "..", "docs", "training.md");
const next = spliceGenerated(readFileSync(file, "utf8"), trainTablesReference());
if (next === undefined) {
  process.stderr.write(`${file}: the markers <!-- generated:train-tables --> and <!-- /generated --> are missing\n`);
  process.exit(1);
}
writeFileSync(file, next);
process.stdout.write(`wrote the generated reference of ${file}\n`);
