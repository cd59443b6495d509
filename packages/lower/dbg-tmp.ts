import { readFileSync } from "node:fs";
import { SourceFile } from "@nnc/diagnostics";
import { parse } from "@nnc/syntax";
const src = new SourceFile("x", readFileSync("../../test/errors/block-dim-kind.nn", "utf8"));
const p = parse(src);
console.log(p.diagnostics, JSON.stringify(p.program.items[1], (k, v) => (k === "span" ? undefined : v)).slice(0, 700));
