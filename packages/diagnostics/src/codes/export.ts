import type { CodeInfo } from "./code-info.ts";

/** E0700–E0719: exporting a model to another engine (`nnc export`, `nnc compile --target pytorch`). */
export const EXPORT_CODES: Readonly<Record<string, CodeInfo>> = {
  E0700: {
    title: "the model cannot be expressed in ONNX",
    explanation: `\`nnc export --format onnx\` translates every op of the exported graph into ONNX operators (opset 17).
A few ops have no faithful ONNX form; the error names the op, points at the line that uses it (for a
library block, the line that calls the block) and says why as its help. The same code reports a dim
the graph needs at run time that no input carries on an axis of its own
("\`const\` needs a dim that cannot be read from any input").

Erroneous example:

    $ nnc export model.nn
    error[E0700]: \`some_op\` has no counterpart in ONNX

How to fix it: write the model with ops that do (docs/export.md lists which ops each target supports),
or train and run it with nnc itself (\`nnc train\`, \`nnc compile\`).`,
  },
  E0701: {
    title: "the model cannot be expressed in PyTorch",
    explanation: `\`nnc compile --target pytorch\` writes every op of the model as PyTorch code. A few ops have no
faithful PyTorch form; the error names the op, points at the line that uses it (for a library block,
the line that calls the block) and says why as its help. The same code reports a \`.nn\` name that
\`torch.nn.Module\` reserves ("the name \`training\` is reserved by PyTorch": rename the parameter) and a
dim the module needs that no input carries.

Erroneous example:

    $ nnc compile model.nn --target pytorch -o train.py
    error[E0701]: \`some_op\` has no counterpart in PyTorch

How to fix it: write the model with ops that do (docs/export.md lists which ops each target supports),
or use the TypeScript program (\`nnc compile --target ts\`).`,
  },
  E0702: {
    title: "exporting a training step needs a train section",
    explanation: `\`nnc export --train-step\` exports forward, backward and the optimizer's update as one graph; the loss,
the optimizer, its schedule and clipping come from the model's \`train\` section. The selected model has none.

Erroneous example:

    model MatVec(a: f32[3]) -> (b: f32[3]) {
      param W: f32[3, 3] = normal(std = 0.1)
      b = W @ a
    }
    $ nnc export matvec.nn --train-step     # no \`train MatVec { … }\`

How to fix it: add \`train MatVec { loss = … }\` to the file, or export the inference graph (leave out
\`--train-step\`).`,
  },
  E0703: {
    title: "the schedule needs the run's total number of steps",
    explanation: `The learning-rate schedules \`cosine\` and \`one_cycle\` depend on the run's total number of optimizer
steps S = epochs × ⌈training examples / batch⌉. \`nnc export --train-step\` computes S from the train section's
data, epochs and batch; here the data (or its size) is not known.

Erroneous example:

    train Mlp {
      loss     = mean(cross_entropy(logits, label))
      schedule = cosine(warmup = 100)
    }                                        # no \`data = …\`
    $ nnc export mlp.nn --train-step

How to fix it: pass the run's length, \`--total-steps 4700\`, or give the train section its \`data\`.`,
  },
};
