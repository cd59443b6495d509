/**
 * `npm run bench`: nnc's generated code against TensorFlow.js (cpu, wasm) and PyTorch (1 thread, all
 * threads; bench/torch/peer.py) on the MNIST MLP, the small CNN, the char transformer and the LSTM
 * training steps, batch-1 inference and the matmul kernel, plus start-up, compile time and memory.
 * Prints a table, writes bench/results.json. `--quick`: one repetition at tiny sizes, without PyTorch
 * (a smoke run, not a measurement).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderTable } from "./report.ts";
import { runBench } from "./run.ts";
import { FULL_CONFIG, type BenchConfig } from "./workload.ts";
import { QUICK_CONFIG } from "./quick.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outArg = args.indexOf("--out");
const out = outArg >= 0 && args[outArg + 1] !== undefined ? args[outArg + 1]! : fileURLToPath(new URL("../results.json", import.meta.url));
const cfg: BenchConfig = { ...(quick ? QUICK_CONFIG : FULL_CONFIG), log: (l) => {
    console.error(l);
  } };

const t0 = performance.now();
const report = await runBench(cfg, `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`);
console.log(renderTable(report));
writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.error(`wrote ${out} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
