import { SourceFile } from "@nnc/diagnostics";
import { parse } from "./src/index.ts";
const wrap = (e: string) => `model M(x: f32) -> (y: f32) {\n  y = ${e}\n}\n`;
for (const [k, o, c] of [["paren", "(", ")"], ["call", "f(", ")"], ["named", "f(k = ", ")"], ["list", "[-", "]"], ["dim", "", ""]] as const) {
  let lo = 1, hi = 5000;
  while (lo < hi) {
    const n = (lo + hi + 1) >> 1;
    const text = k === "dim" ? `model M(x: f32[${"(".repeat(n)}1${")".repeat(n)}]) -> (y: f32) { y = x }` : wrap(o.repeat(n) + "x" + c.repeat(n));
    const r = parse(new SourceFile("t.nn", text));
    if (r.diagnostics.length === 0) lo = n; else hi = n - 1;
  }
  console.log(k, lo);
}
