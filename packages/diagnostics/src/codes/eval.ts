import type { CodeInfo } from "./code-info.ts";

/** E0660–E0679: feeds of `nnc eval` / `nnc jacobian`, and model selection on the command line. */
export const EVAL_CODES: Readonly<Record<string, CodeInfo>> = {
  E0660: {
    title: "the feed file is not valid JSON of the expected form",
    explanation: `\`nnc eval\` and \`nnc jacobian\` read a feed: a JSON object
\`{"inputs": {name: value}, "params": {name: value}}\`, values as nested arrays (a scalar as a number).
The file could not be read, is not JSON, or its top level is not of that form.

Erroneous example:

    {"x": [[1, 2]]}          # inputs must sit under "inputs"

Fix:

    {"inputs": {"x": [[1, 2]]}, "params": {}}`,
  },
  E0661: {
    title: "a feed names something the model does not have",
    explanation: `A name under "inputs" is not an input of the model (or of its train section), or a name under
"params" is not a parameter. Block parameters go by their full names (\`h1.W\`).

Erroneous example: feeding \`{"inputs": {"X": …}}\` to a model whose input is \`x\`.

Fix: use the names printed by \`nnc check --json FILE\`.`,
  },
  E0662: {
    title: "a feed value has the wrong shape or is not numeric",
    explanation: `A fed value must be a (non-ragged) nested array of numbers whose shape matches the declared
type, with every symbolic dim (the batch \`B\`) taking one consistent value across all inputs.

Erroneous example: \`"x": [[1, 2, 3]]\` for \`x: f32[B, 2]\` — the rows have 3 values, not 2.

Fix: give the value the shape the message names.`,
  },
  E0663: {
    title: "a required input is missing from the feed",
    explanation: `Every model input must be fed, and so must the train section's inputs (labels) when the loss or
its gradients are asked for. Parameters may be omitted: they are initialised from the seed.

Fix: add the missing entry under "inputs".`,
  },
  E0664: {
    title: "a label is out of range",
    explanation: `\`cross_entropy(logits, label)\` needs every label to be a whole number in [0, C), where C is the
size of the last axis of the logits.

Erroneous example: a label 10 for logits of shape [B, 10].

Fix: labels count from 0; check the data's label column.`,
  },
  E0665: {
    title: "no such model, output or value",
    explanation: `A command-line option names a model (\`--model\`), an output (\`--of\`) or a value (\`--wrt\`) that
the program does not define. With several models in a file, \`--model\` picks one; \`--of\` names an output
of the model (or \`loss\` for the train section's loss); \`--wrt\` names parameters or inputs.

Fix: use a name listed by \`nnc check --json FILE\`.`,
  },
  E0666: {
    title: "a compiled program can leave only the batch dim symbolic",
    explanation: `\`nnc compile\` and \`nnc train\` generate code whose buffers are planned once: the batch dim (the
symbolic dim leading the model's inputs) stays a run-time row count, but every other dim must be a
number. A model using a second symbolic dim (say \`T\` in \`x: f32[B, T, 4]\`) can be checked, printed,
differentiated and evaluated (\`nnc eval\` fixes T from the feed), but not compiled.

Erroneous example:

    dim B, T
    model Seq(x: f32[B, T, 4]) -> (y: f32[B, 3]) { … }

Fix: write the other dims as numbers (\`x: f32[B, 16, 4]\`).`,
  },
  E0667: {
    title: "the model needs more memory than allowed",
    explanation: `\`nnc train\` and \`nnc compile\` plan every buffer of the generated program before allocating any:
parameters, their gradients, the optimizer's state (two moments per parameter for adam), the inputs,
and the activations and gradients of one batch. When that plan exceeds the memory limit, nothing is
allocated; the message gives the plan's total at the batch size and names the largest tensors. The
limit is \`--max-memory SIZE\` (e.g. \`512M\`, \`16G\`), by default half of the machine's memory but
at most 4 GiB; standalone programs from \`nnc compile\` check the same plan with the same rule
before they allocate. A tensor of more than 2^32 elements at the batch size is refused the same way
(no typed array holds it). \`nnc check\` prints each model's planned memory, and warns when it
exceeds the limit.

Erroneous example:

    param W: f32[30000, 30000]     # 3.4 GiB, and as much again for its gradient, twice for adam
    $ nnc train big.nn --batch 100000

Fix: lower the batch (\`--batch 64\`), shrink the largest tensors the message names, or, when the
machine has the memory, raise the limit (\`--max-memory 16G\`).`,
  },
  E0668: {
    title: "a whole program can only be generated in Node",
    explanation: `\`compile(text, { generate: "program" })\` assembles the model class with the runtime, whose
sources it reads from disk: only the Node entry of the driver (\`@nnc/compiler/node\`, which \`nnc compile\`
uses) can do that. The browser-safe entry (\`@nnc/compiler\`, which the playground uses) generates the
model class only.

Erroneous example:

    import { compile } from "@nnc/compiler";
    compile(text, { fileName: "m.nn", generate: "program" });

Fix: ask for \`generate: "class"\`, or import \`compile\` from \`@nnc/compiler/node\`.`,
  },
  E0669: {
    title: "code is generated only for the loss and every parameter",
    explanation: `A generated model class trains: its backward pass is the gradient of the train section's loss
with respect to every parameter. A gradient of another value (\`of\`) or with respect to chosen values
(\`wrt\`) can be printed, explained and evaluated (\`nnc grad\`, \`nnc eval\`, \`nnc jacobian\`) but not
compiled into a class.

Erroneous example:

    compile(text, { fileName: "m.nn", of: "logits", generate: "class" });

Fix: leave out \`of\` and \`wrt\` to generate code, or ask for \`generate: "none"\`.`,
  },
  E0670: {
    title: "a selected metric does not fit the model",
    explanation: `The training runtime measures each metric of the train section's \`metrics = [...]\` on the
model's single output: \`accuracy\` needs [B, C] logits with an i32 label (argmax = label) or a [B] logit
with a float 0/1 target; \`top_k(k)\` needs [B, C] logits with an i32 label and k ≤ C; \`mae\` and
\`rmse\` need one float target of the output's shape. A program whose metrics do not fit (one compiled
before a change of the model, or a hand-built ProgramInfo) stops before training with this error.

Erroneous example:

    model Reg(x: f32[B, 3]) -> (y: f32[B, 1]) { … }
    train Reg { loss = mse(y, target), metrics = [accuracy] }    # regression has no accuracy

Fix: select metrics that fit (\`metrics = [mae, rmse]\` for regression), or leave \`metrics\` out: a
classifier then reports accuracy and a regression model only its loss.`,
  },
  E0671: {
    title: "a learning-rate schedule has no base rate to scale",
    explanation: `Schedules other than \`one_cycle\` scale the optimizer's learning rate: \`step\`, \`exponential\`
and \`cosine\` start from it. The rate comes from \`--lr\`, else the optimizer's \`lr =\`, else its default;
a program that knows none of them (one compiled without its optimizer settings) cannot run the schedule.

Erroneous example:

    nnc train old-program.mjs        # compiled by an older nnc, with schedule = cosine()

Fix: pass \`--lr\`, or recompile the program.`,
  },
};
