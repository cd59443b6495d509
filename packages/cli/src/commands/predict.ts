import { formatLoss, jsonText, loadCheckpoint, loadPredictData, parseDataSpec, predictAll, restoreCheckpoint, tsvText, type Prediction } from "@nnc/runtime";
import { EXIT, type CommandModule } from "../command-module.ts";
import { loadProgram, reportDataError } from "./train.ts";

interface PredictOptions {
  readonly checkpoint: string;
  readonly input: string;
  readonly json?: boolean;
  readonly model?: string;
}

/** Examples per forward pass. */
const PREDICT_BATCH = 256;

function predictionLine(p: Prediction): string {
  if (p.class !== null) return `${p.index}\t${p.className === null ? p.class : tsvText(p.className)}`;
  return `${p.index}\t${Object.values(p.outputs).map((v) => v.map(formatLoss).join(" ")).join("\t")}`;
}

export const predictCommand: CommandModule = {
  name: "predict",
  summary: "run a trained model (from a checkpoint) on data and print its predictions",
  examples: [
    ["nnc predict examples/spirals.nn --checkpoint spirals.ckpt --input 'spirals(n=200, seed=9)'", "one line per example: index and class"],
    ["nnc predict model.nn --checkpoint m.ckpt --input data.csv --json", "one JSON object per example: outputs, class, label"],
  ],
  configure(cmd) {
    cmd
      .argument("<file>", "the .nn source file the checkpoint was trained from")
      .requiredOption("--checkpoint <file>", "a checkpoint written by `nnc train --save`")
      .requiredOption("--input <spec>", "the data: a file name or a source such as 'csv(\"f.csv\")' (every example; mnist(): its validation part)")
      .option("--json", "one JSON object per example and a final summary on stdout")
      .option("--model <name>", "the model when the file has several");
  },
  async run(cmd, ctx) {
    const file = cmd.processedArgs[0] as string;
    const o = cmd.opts<PredictOptions>();
    const loaded = await loadProgram(ctx, file, o.model, "predict", { batch: PREDICT_BATCH });
    if (!loaded.ok) return loaded.exit;
    try {
      const model = loaded.program.createModel(PREDICT_BATCH);
      restoreCheckpoint(model, loadCheckpoint(o.checkpoint), o.checkpoint, false);
      const ds = loadPredictData(parseDataSpec(o.input), process.cwd());
      const predictions = predictAll(model, ds);
      const labelled = predictions.filter((p) => p.class !== null && p.label !== null);
      const accuracy = labelled.length === 0 ? null : labelled.filter((p) => p.class === p.label).length / labelled.length;
      if (o.json === true) {
        for (const p of predictions) ctx.io.stdout(jsonText(p) + "\n");
        ctx.io.stdout(jsonText({ final: true, count: predictions.length, accuracy }) + "\n");
      } else {
        ctx.io.stdout(predictions.map(predictionLine).join("\n") + "\n");
        const acc = accuracy === null ? "" : `; accuracy ${(100 * accuracy).toFixed(1)}% against its labels`;
        ctx.io.stderr(`${predictions.length} predictions on ${tsvText(ds.name)}${acc}\n`);
      }
    } catch (e) {
      return reportDataError(ctx, file, e, loaded.source, "predict", { arg: { option: "--input", value: o.input }, batch: PREDICT_BATCH });
    }
    return EXIT.ok;
  },
};
