import { SourceFile } from "@nnc/diagnostics";
import { lex } from "./src/lex.ts";
import { limitNesting } from "./src/nesting.ts";
import { NnParser } from "./src/grammar.ts";
import { AstBuilder } from "./src/to-ast.ts";
const text = `model M(x: f32) -> (y: f32) {\n  y = ${Array(20000).fill("a").join(" + ")}\n}\n`;
const p = new NnParser();
for (let k = 0; k < 3; k++) {
const src = new SourceFile("t", text);
let t = performance.now(); const l = lex(src); const toks = limitNesting(l.tokens, src, []);
const t1 = performance.now(); p.begin(toks, src); const cst = p.program(); const t2 = performance.now();
new AstBuilder(src, l.docs, []).program(cst); const t3 = performance.now();
console.log("lex", (t1 - t).toFixed(0), "parse", (t2 - t1).toFixed(0), "ast", (t3 - t2).toFixed(0));
}
