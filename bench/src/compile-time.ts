/** Compile time, parse → check → lower → differentiate → optimise → codegen, as `nnc compile` runs it. */
import { compileJs } from "./nnc.ts";
import { deepMlpSource, mlpSgdSource } from "./sources.ts";
import { medianMs } from "./stats.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

export function compileWorkloads(cfg: BenchConfig): WorkloadResult[] {
  const mlp = mlpSgdSource();
  const deep = deepMlpSource(cfg.deepLayers, cfg.deepWidth);
  const mlpMs = medianMs(cfg.reps, () => compileJs("mnist-mlp.nn", mlp));
  const deepMs = medianMs(cfg.reps, () => compileJs(`mlp-${cfg.deepLayers}-layers.nn`, deep));
  return [
    { name: "compile-mnist-mlp", unit: "ms", higherIsBetter: false, results: { nnc: mlpMs }, notes: ["median after one untimed compile (JIT warm)"] },
    { name: `compile-mlp-${cfg.deepLayers}-layers`, unit: "ms", higherIsBetter: false, results: { nnc: deepMs }, notes: [`${cfg.deepLayers} dense layers of width ${cfg.deepWidth}, ReLU, SGD`] },
  ];
}
