import { compileJs } from "./src/nnc.ts";
import { mlpSgdSource } from "./src/sources.ts";
const src = mlpSgdSource();
for (let i = 0; i < 5; i++) compileJs("mnist-mlp.nn", src);
const times: number[] = [];
for (let i = 0; i < 40; i++) { const t = performance.now(); compileJs("mnist-mlp.nn", src); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log("median ms", times[20]!.toFixed(1), "min", times[0]!.toFixed(1));
