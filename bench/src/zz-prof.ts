import { loadProgram, compileJs } from "/work/main/bench/src/nnc.ts";
import { mlpSgdSource, cnnSource } from "/work/main/bench/src/sources.ts";
import { makeBatches } from "/work/main/bench/src/data.ts";
import { nncTrainer } from "/work/main/bench/src/training.ts";
const which = process.argv[2] ?? "mlp";
if (which === "compile") {
  const t = mlpSgdSource();
  for (let i = 0; i < 10; i++) { const t0 = performance.now(); compileJs("m.nn", t); console.log((performance.now()-t0).toFixed(1)); }
} else {
const p = await loadProgram("m.nn", which === "mlp" ? mlpSgdSource() : cnnSource());
const batch = which === "mlp" ? 64 : 32;
const m = p.createModel(batch); m.initParams(1);
const tr = nncTrainer(m, makeBatches(4, batch, 1), batch);
for (let r = 0; r < 5; r++) { const t0 = performance.now(); for (let i = 0; i < 100; i++) tr.step(); console.log(((performance.now()-t0)/100).toFixed(2), "ms/step"); }
}
