/** The whole benchmark: every workload in order, one report. */
import { charGptWorkload } from "./char-gpt.ts";
import { compileWorkloads } from "./compile-time.ts";
import { matmulWorkload } from "./matmul.ts";
import { memoryWorkload } from "./memory.ts";
import { startupWorkloads } from "./startup.ts";
import { cleanupPrograms, loadProgram } from "./nnc.ts";
import { buildReport, type BenchReport } from "./report.ts";
import { CNN_LR, CNN_MOMENTUM, cnnSource, exampleText, MLP_LR, mlpSgdSource } from "./sources.ts";
import { cnnTrainer, mlpTrainer, tfVersion } from "./tfjs.ts";
import { trainingWorkload } from "./training.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

export async function runBench(cfg: BenchConfig, command: string): Promise<BenchReport> {
  const ws: WorkloadResult[] = [];
  const done = (w: WorkloadResult): void => {
    ws.push(w);
    cfg.log(`  ${w.name}: ${Object.entries(w.results).map(([k, v]) => `${k} ${v === null ? "—" : v.toPrecision(4)}`).join(", ")} ${w.unit}`);
  };
  try {
    cfg.log("start-up");
    for (const w of startupWorkloads(cfg.startupRuns, cfg.log)) done(w);
    cfg.log("compile time");
    for (const w of compileWorkloads(cfg)) done(w);
    const mlp = await loadProgram("mnist-mlp.nn", mlpSgdSource());
    const cnn = await loadProgram("cnn.nn", cnnSource());
    cfg.log("training throughput");
    done(await trainingWorkload({ name: `mlp-784-128-10-b${cfg.mlpBatch}`, batch: cfg.mlpBatch, createModel: mlp.createModel, peer: (p, b) => mlpTrainer(p, b, cfg.mlpBatch, MLP_LR) }, cfg));
    done(
      await trainingWorkload(
        {
          name: `cnn-conv3x3x8-pool2-dense10-b${cfg.cnnBatch}`,
          batch: cfg.cnnBatch,
          createModel: cnn.createModel,
          peer: (p, b) => cnnTrainer(p, b, cfg.cnnBatch, CNN_LR, CNN_MOMENTUM),
          unsupported: { wasm: "the wasm backend has no Conv2DBackpropFilter kernel" },
        },
        cfg,
      ),
    );
    cfg.log("char transformer");
    const gpt = await loadProgram("char-transformer.nn", exampleText("char-transformer.nn"));
    done(charGptWorkload(gpt.createModel, cfg.charGpt, cfg));
    cfg.log("matmul kernel");
    for (const [m, k, n] of cfg.matmulSizes) done(await matmulWorkload(m, k, n, cfg));
    cfg.log("memory");
    done(await memoryWorkload(mlp.createModel, cfg.mlpBatch, cfg));
  } finally {
    cleanupPrograms();
  }
  return buildReport(ws, tfVersion(), command);
}
