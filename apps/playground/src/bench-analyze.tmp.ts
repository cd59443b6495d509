import { compile, isFloat } from "@nnc/compiler";
import { analyze } from "./analyze.ts";
const sumOf = (n: number): string => `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;
const SUM = sumOf(4000);
function oldTwo(): void {
  const base = { fileName: "sum.nn", generate: "none" } as const;
  const c = compile(SUM, base);
  const m = c.model!;
  compile(SUM, { ...base, of: m.graph.outputs[0]!.name, wrt: m.graph.nodes.filter((n) => (n.op === "param" || n.op === "input") && isFloat(n.type.dtype)).map((n) => n.id) });
}
const t = (f: () => unknown): number => { const s = performance.now(); f(); return Math.round(performance.now() - s); };
const olds: number[] = [], news: number[] = [];
for (let i = 0; i < 6; i++) { olds.push(t(oldTwo)); news.push(t(() => analyze("sum.nn", SUM))); }
console.log("old (compile, compile of/wrt):", olds.join(" "), "ms; new analyze:", news.join(" "), "ms");
