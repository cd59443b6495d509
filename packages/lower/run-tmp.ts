import { readFileSync } from "node:fs";
import { SourceFile } from "@nnc/diagnostics";
import { parse } from "@nnc/syntax";
import { checkProgram } from "@nnc/lower";
import { typeToString } from "@nnc/ir";
for (const f of process.argv.slice(2)) {
  const src = new SourceFile(f, readFileSync(f, "utf8"));
  const p = parse(src);
  const r = checkProgram(p.program, src);
  console.log("==", f, p.diagnostics.map((d) => d.message));
  for (const d of r.diagnostics) console.log(`  ${d.code} ${d.span.line}:${d.span.column} ${d.message}${d.help ? " | help: " + d.help : ""}${d.labels.length ? " | labels: " + d.labels.map(l => `${l.span.line}:${l.span.column} ${l.message}`).join("; ") : ""}`);
  for (const m of r.models) {
    console.log(" model", m.name, JSON.stringify(m.train ? { ...m.train, span: undefined, optimizer: { ...m.train.optimizer, span: undefined }, data: m.train.data ? {...m.train.data, span: undefined} : undefined } : null));
    for (const n of m.graph.nodes) console.log(`   ${n.id} = ${n.op}(${n.inputs.join(", ")}) ${JSON.stringify(n.attrs)} : ${typeToString(n.type)}`);
    console.log("   outputs", m.graph.outputs, "dims", m.graph.dims, "inits", JSON.stringify(m.graph.inits));
  }
}
