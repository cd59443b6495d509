import { readFileSync } from "node:fs";
import { parse } from "@nnc/syntax";
import { SourceFile } from "@nnc/diagnostics";
import { checkProgram } from "@nnc/lower";
import { differentiate } from "@nnc/autodiff";
import { generateModel } from "../src/index.ts";
const file = process.argv[2]!;
const src = new SourceFile(file.split("/").pop()!, readFileSync(file, "utf8"));
const r = checkProgram(parse(src).program, src);
for (const m of r.models) {
  const grad = m.train ? differentiate({ graph: m.graph, of: m.train.loss }) : null;
  const out = generateModel({ model: m, grad, optimizer: m.train?.optimizer ?? null, dtype: "f32", target: (process.argv[3] ?? "ts") as "ts", source: { file: src.name } });
  console.log(out.code);
}
