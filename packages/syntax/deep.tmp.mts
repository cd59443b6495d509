import { SourceFile } from "@nnc/diagnostics";
import { parse } from "./src/index.ts";
function run(name: string, text: string) {
  const t0 = performance.now();
  const r = parse(new SourceFile("t.nn", text));
  console.log(name, (performance.now() - t0).toFixed(0) + "ms", r.diagnostics.length, r.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`));
}
const wrap = (e: string) => `model M(x: f32) -> (y: f32) {\n  y = ${e}\n}\n`;
for (const n of [100, 200, 256, 257, 1000, 20000]) run("parens" + n, wrap("(".repeat(n) + "x" + ")".repeat(n)));
for (const n of [256, 257, 20000]) run("calls" + n, wrap("f(".repeat(n) + "x" + ")".repeat(n)));
run("lists256", wrap("[".repeat(256) + "x" + "]".repeat(256)));
run("open20000", "(".repeat(20000));
run("chain20000", wrap(Array(20000).fill("a").join(" + ")));
run("mixed", wrap(Array(20000).fill("a").map((a, i) => (i % 3 ? "-" + a : a)).join([" ^ ", " * ", " |> "][0]!)));
run("neg20000", wrap("-".repeat(20000) + "x"));
run("pow20000", wrap(Array(20000).fill("a").join(" ^ ")));
run("1e999", wrap("1e999"));
const bytes = new Uint8Array(200000); for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
run("binary", new TextDecoder("latin1").decode(bytes));
run("nul", "\0\0\0model\0M");
run("unterminated", 'model M(x: f32) -> (y: f32) { y = "abc');
