import { readFileSync } from "node:fs";
import { renderDiagnostics } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";
for (const f of process.argv.slice(2)) {
  const r = checkSource(f, readFileSync(f, "utf8"));
  console.log(renderDiagnostics(r.diagnostics, new Map([[f, r.source]]), { color: false }));
}
