import { readFileSync } from "node:fs";
import { parse } from "@nnc/syntax";
import { SourceFile } from "@nnc/diagnostics";
import { checkProgram } from "@nnc/lower";
import { differentiate } from "@nnc/autodiff";
import { printGraph } from "@nnc/ir";
const file = process.argv[2]!;
const src = new SourceFile(file.split("/").pop()!, readFileSync(file, "utf8"));
const r = checkProgram(parse(src).program, src);
for (const d of r.diagnostics) console.log(d.code, d.message);
for (const m of r.models) {
  console.log(printGraph(m.graph));
  console.log(JSON.stringify(m.train, (k, v) => (k === "span" ? undefined : v)));
  console.log(JSON.stringify(m.graph.inits));
  if (m.train) {
    const g = differentiate({ graph: m.graph, of: m.train.loss });
    console.log(printGraph(g.graph));
    console.log(g.grads);
    console.log(g.graph.nodes.map(n=>`${n.id} ${n.span?.line} ${n.origin?.rule ?? ""}`).join("\n"));
  }
}
