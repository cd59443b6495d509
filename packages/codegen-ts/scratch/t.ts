import { readFileSync } from "node:fs";
import { parse } from "@nnc/syntax";
import { SourceFile } from "@nnc/diagnostics";
const src = new SourceFile("m.nn", readFileSync(process.argv[2]!, "utf8"));
const p = parse(src);
console.log(p.diagnostics.length, p.program.items.length, JSON.stringify(p.program).slice(0, 300));
import { checkProgram } from "@nnc/lower";
const c = checkProgram(p.program, src);
console.log(c.diagnostics.map(d=>d.message), c.models.length);
