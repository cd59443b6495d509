import { backwardDrawing, boundDrawing, forwardDrawing, layoutDrawing } from "@nnc/graph-view";
import { compile } from "@nnc/compiler";
import { analyze } from "../src/analyze.ts";
const n = Number(process.argv[2] ?? 4000);
const reps = Number(process.argv[3] ?? 3);
const SUM = `model Sum(a: f32[3]) -> (y: f32[3]) {\n  y = ${Array.from({ length: n }, () => "a").join(" + ")}\n}\n`;
const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let rep = 0; rep < reps; rep++) {
  const c0 = cpu();
  compile(SUM, { fileName: "s.nn", checkOnly: true, generate: "none" });
  const c1 = cpu();
  const a = analyze("sum.nn", SUM);
  const c2 = cpu();
  const f = forwardDrawing(a.forward!); const b = backwardDrawing(a.grad!);
  const c3 = cpu();
  layoutDrawing(boundDrawing(f, { expanded: [] })); layoutDrawing(boundDrawing(b, { expanded: [] }));
  const c4 = cpu();
  console.log(`n=${n} CPU ms: check alone ${(c1-c0).toFixed(0)}, analyze ${(c2-c1).toFixed(0)}, drawings ${(c3-c2).toFixed(0)}, bound+layout ${(c4-c3).toFixed(0)}`);
}
