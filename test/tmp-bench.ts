import { readFileSync, writeFileSync } from "node:fs";
import ts from "typescript";
const results: Record<string, number[]> = {};
for (const [name, file] of [["before", "/tmp/m-before.ts"], ["after", "/tmp/m-after.ts"]] as const) {
  const js = ts.transpileModule(readFileSync(file, "utf8"), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  writeFileSync(`/tmp/benchcg/${name}.mjs`, js);
}
for (let round = 0; round < 3; round++) {
  for (const name of ["before", "after"]) {
    const mod = (await import(`/tmp/benchcg/${name}.mjs?r=${round}`)) as { createModel: (b: number) => { initParams(s: number): void; inputs: Record<string, Float32Array | Int32Array>; trainStep(r: number): number; setLearningRate(lr: number): void } };
    const m = mod.createModel(64);
    m.initParams(1);
    const x = m.inputs["x"]!, y = m.inputs["label"]!;
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 255) / 255;
    for (let i = 0; i < y.length; i++) y[i] = i % 10;
    for (let i = 0; i < 50; i++) m.trainStep(64);
    const t0 = performance.now();
    const N = 300;
    for (let i = 0; i < N; i++) m.trainStep(64);
    (results[name] ??= []).push((performance.now() - t0) / N);
  }
}
console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.map((t) => t.toFixed(3) + " ms/step")]))));
