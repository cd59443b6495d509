/**
 * `npm run bench`: nnc's generated code against TensorFlow.js (cpu, wasm) and PyTorch (1 thread, all
 * threads; bench/torch/peer.py) on the MNIST MLP, the small CNN, the char transformer and the LSTM
 * training steps, batch-1 inference and the matmul kernel, plus start-up, compile time and memory.
 * Prints a table, writes bench/results.json. `--quick`: one repetition at tiny sizes, without PyTorch
 * (a smoke run, not a measurement).
 */
import { renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { offerRelaxedSimd } from "@nnc/runtime";
import { renderTable } from "./report.ts";
import { runBench } from "./run.ts";
import { FULL_CONFIG, type BenchConfig } from "./workload.ts";
import { QUICK_CONFIG } from "./quick.ts";

const USAGE = `usage: npm run bench [-- --quick] [-- --out FILE]

  --quick       one repetition at tiny sizes, without PyTorch (a smoke run, not a measurement)
  --out FILE    where to write the JSON report (default bench/results.json)
  --help        this text

Runs every workload (start-up, compile time, training, inference, matmul, memory) against
TensorFlow.js and PyTorch in the same run and prints the table and the targets (docs/performance.md).
nnc's classes run as nnc train runs them: on relaxed SIMD's multiply-add where V8 can (Node 20: the
bench sets --experimental-wasm-relaxed-simd, as nnc train does). npm run bench:plain takes the same
options with NNC_RELAXED_SIMD=0: on Node 20, the f32x4.mul + add kernels.`;

function options(): { quick: boolean; out: string } {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { quick: { type: "boolean" }, out: { type: "string" }, help: { type: "boolean" } }, strict: true });
    if (values.help === true) {
      console.log(USAGE);
      process.exit(0);
    }
    return { quick: values.quick === true, out: values.out ?? fileURLToPath(new URL("../results.json", import.meta.url)) };
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const { quick, out } = options();
const args = process.argv.slice(2);
const cfg: BenchConfig = { ...(quick ? QUICK_CONFIG : FULL_CONFIG), log: (l) => {
    console.error(l);
  } };

const t0 = performance.now();
// Before any program is compiled or loaded: the engine as nnc's CLI leaves it (packages/runtime/src/relaxed-simd.ts).
const engine = offerRelaxedSimd();
const report = await runBench(cfg, `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`, engine);
console.log(renderTable(report));
// Written beside and renamed: an interrupted run never leaves a half-written report.
writeFileSync(`${out}.tmp`, JSON.stringify(report, null, 2) + "\n");
renameSync(`${out}.tmp`, out);
console.error(`wrote ${out} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
