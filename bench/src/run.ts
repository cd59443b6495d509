/** The whole benchmark: every workload in order, one report. */
import { compileWorkloads } from "./compile-time.ts";
import { makeBatches } from "./data.ts";
import { inferenceWorkload } from "./inference.ts";
import { CHAR_GPT_FILE, charGptSource, charGptSpec, LSTM_FILE, lstmSource, lstmSpec } from "./language-models.ts";
import { matmulWorkload } from "./matmul.ts";
import { memoryWorkload } from "./memory.ts";
import { startupWorkloads } from "./startup.ts";
import { cleanupPrograms, loadProgram, usesRelaxedSimd } from "./nnc.ts";
import { buildReport, type BenchReport, type RelaxedSimdEngine } from "./report.ts";
import { CNN_LR, CNN_MOMENTUM, cnnSource, MLP_LR, mlpSgdSource } from "./sources.ts";
import { cnnPredictor, cnnTrainer, mlpPredictor, mlpTrainer, tfVersion } from "./tfjs.ts";
import { closeTorchPeers, NO_TORCH, startTorchPeers, type TorchPeers } from "./torch.ts";
import { trainingWorkload } from "./training.ts";
import type { BenchConfig, WorkloadResult } from "./workload.ts";

/** `engine`: what main.ts's offerRelaxedSimd did before the run (the smoke test offers nothing). */
export async function runBench(cfg: BenchConfig, command: string, engine: RelaxedSimdEngine = "not offered"): Promise<BenchReport> {
  const ws: WorkloadResult[] = [];
  const done = (w: WorkloadResult): void => {
    ws.push(w);
    cfg.log(`  ${w.name}: ${Object.entries(w.results).map(([k, v]) => `${k} ${v === null ? "—" : v.toPrecision(4)}`).join(", ")} ${w.unit}`);
  };
  let torch: TorchPeers = NO_TORCH;
  let relaxed: boolean;
  try {
    cfg.log("start-up");
    for (const w of startupWorkloads(cfg.startupRuns, cfg.log)) done(w);
    cfg.log("compile time");
    for (const w of compileWorkloads(cfg)) done(w);
    if (cfg.torch) {
      cfg.log("starting the PyTorch peers");
      torch = await startTorchPeers();
      cfg.log(torch.info === null ? `  PyTorch unavailable: ${torch.unavailable ?? ""}` : `  PyTorch ${torch.info.torch}, BLAS ${torch.info.blasInfo}: ${torch.info.blasLibraries.join(", ")}`);
    }
    const mlp = await loadProgram("mnist-mlp.nn", mlpSgdSource());
    relaxed = usesRelaxedSimd(mlp.createModel);
    cfg.log(relaxed ? "nnc's matmuls and convolutions take relaxed SIMD (f32x4.relaxed_madd)" : "nnc's matmuls and convolutions: f32x4.mul + add (no relaxed SIMD in this runtime)");
    const cnn = await loadProgram("cnn.nn", cnnSource());
    // The same programs with `--threads 1`: the nnc-1t column shows what the other cores add.
    const mlp1 = await loadProgram("mnist-mlp.nn", mlpSgdSource(), 1);
    const cnn1 = await loadProgram("cnn.nn", cnnSource(), 1);
    cfg.log("training throughput");
    const mlpBatches = makeBatches(4, cfg.mlpBatch, 7);
    done(
      await trainingWorkload(
        {
          name: `mlp-784-128-10-b${cfg.mlpBatch}`,
          batch: cfg.mlpBatch,
          createModel: mlp.createModel,
          createModel1t: mlp1.createModel,
          batches: mlpBatches,
          peer: (p) => mlpTrainer(p, mlpBatches, cfg.mlpBatch, MLP_LR),
          torch: { kind: "mlp-train", hyper: { lr: MLP_LR } },
        },
        cfg,
        torch,
      ),
    );
    const cnnBatches = makeBatches(4, cfg.cnnBatch, 7);
    done(
      await trainingWorkload(
        {
          name: `cnn-conv3x3x8-pool2-dense10-b${cfg.cnnBatch}`,
          batch: cfg.cnnBatch,
          createModel: cnn.createModel,
          createModel1t: cnn1.createModel,
          batches: cnnBatches,
          peer: (p) => cnnTrainer(p, cnnBatches, cfg.cnnBatch, CNN_LR, CNN_MOMENTUM),
          unsupported: { wasm: "the wasm backend has no Conv2DBackpropFilter kernel" },
          torch: { kind: "cnn-train", hyper: { lr: CNN_LR, momentum: CNN_MOMENTUM } },
        },
        cfg,
        torch,
      ),
    );
    cfg.log("language models");
    const gpt = await loadProgram(CHAR_GPT_FILE, charGptSource());
    const gpt1 = await loadProgram(CHAR_GPT_FILE, charGptSource(), 1);
    done(await trainingWorkload({ ...charGptSpec(gpt.createModel, cfg.charGptBatch), createModel1t: gpt1.createModel }, cfg, torch));
    const lstm = await loadProgram(LSTM_FILE, lstmSource());
    const lstm1 = await loadProgram(LSTM_FILE, lstmSource(), 1);
    done(await trainingWorkload({ ...lstmSpec(lstm.createModel, cfg.lstmBatch), createModel1t: lstm1.createModel }, cfg, torch));
    cfg.log("batch-1 inference");
    done(await inferenceWorkload({ name: "infer-mlp-b1", createModel: mlp.createModel, tfPeer: mlpPredictor, torchKind: "mlp-infer" }, cfg, torch));
    done(await inferenceWorkload({ name: "infer-cnn-b1", createModel: cnn.createModel, tfPeer: cnnPredictor, torchKind: "cnn-infer" }, cfg, torch));
    cfg.log("matmul kernel");
    for (const [m, k, n] of cfg.matmulSizes) done(await matmulWorkload(m, k, n, cfg, torch));
    cfg.log("memory");
    done(await memoryWorkload(mlp.createModel, cfg.mlpBatch, cfg));
  } finally {
    cleanupPrograms();
    closeTorchPeers(torch);
  }
  return buildReport(ws, tfVersion(), command, torch, relaxed, engine);
}
