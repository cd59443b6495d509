import { explain, type CodeInfo } from "./code-info.ts";

/** E01xx names and declarations, E02xx types and dtypes, E03xx shapes, E04xx train sections. */
export const CHECK_CODES: Readonly<Record<string, CodeInfo>> = {
  E0101: {
    title: "undefined name",
    explanation: explain(
      "An expression uses a name that is not defined in its body. A model body sees its inputs, params and bindings; a block body sees its parameters, params and bindings; a train section also sees its `input` declarations. The message suggests a near name when one exists.",
      "model M(x: f32[3]) -> (y: f32[3]) {\n  y = relu(xx)\n}",
      "correct the spelling (`relu(x)`) or define the name (`xx = ...`).",
    ),
  },
  E0102: {
    title: "name defined twice",
    explanation: explain(
      "Each name in a body is bound exactly once: a body is a dataflow graph, not a sequence of assignments, so a name cannot be re-assigned or shadow an input, a parameter or another binding.",
      "model M(x: f32[3]) -> (y: f32[3]) {\n  x = relu(x)\n  y = x\n}",
      "give the new value its own name: `h = relu(x)` then `y = h`.",
    ),
  },
  E0103: {
    title: "cycle among bindings",
    explanation: explain(
      "A binding depends on itself, directly or through other bindings. Bindings form a dataflow graph, which must be acyclic; the message lists the cycle.",
      "a = b + 1\nb = a * 2",
      "break the cycle: one of the values must be computed from inputs or parameters only.",
    ),
  },
  E0104: {
    title: "unknown function",
    explanation: explain(
      "A call names neither a built-in function nor a block declared in the file (for a `param` initializer: not an initializer). The message suggests a near name when one exists.",
      "h = rellu(x @ W)",
      "correct the name (`relu`), or declare a block with that name. Initializers such as `zeros()` are only allowed after `param NAME: T =`.",
    ),
  },
  E0105: {
    title: "wrong number of arguments",
    explanation: explain(
      "A call passes more positional arguments than the function has parameters, or omits a required one.",
      "y = softmax(x, 1, 2)\nloss = cross_entropy(logits)",
      "pass each parameter once; the note shows the signature.",
    ),
  },
  E0106: {
    title: "unknown named argument",
    explanation: explain("A named argument matches no parameter of the function.", "y = leaky_relu(x, slope = 0.1)", "use one of the parameter names shown in the note (`alpha = 0.1`)."),
  },
  E0107: {
    title: "argument given twice",
    explanation: explain("An argument is passed twice: by two named arguments, or positionally and by name.", "y = softmax(x, -1, axis = -1)", "pass it once."),
  },
  E0108: {
    title: "output never assigned",
    explanation: explain(
      "A model declares an output that its body never assigns.",
      "model M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  out = x\n}",
      "bind the output's name in the body: `logits = ...`.",
    ),
  },
  E0109: {
    title: "input or output declared twice",
    explanation: explain(
      "A model's signature uses the same name twice, among its inputs, its outputs, or both.",
      "model M(x: f32[3], x: f32[3]) -> (y: f32[3]) { y = x }",
      "give every input and output a distinct name.",
    ),
  },
  E0110: {
    title: "declaration repeated",
    explanation: explain(
      "Two top-level declarations of the same kind share a name (two `dim B`, two models or blocks named alike), or a block takes the name of a built-in function.",
      "dim B\ndim B",
      "remove or rename one of them.",
    ),
  },
  E0111: {
    title: "recursive block",
    explanation: explain(
      "Blocks are inlined at every call site, so a block may not call itself, directly or through other blocks. The message lists the cycle of calls.",
      "block f(x: f32[N]) -> f32[N] { return f(x) }",
      "unroll the recursion by hand, or restructure the blocks so that no call chain returns to its start.",
    ),
  },
  E0112: {
    title: "undeclared dimension",
    explanation: explain(
      "A type uses a dimension name that is not in scope. Symbolic dims are declared once at the top of the file with `dim`; inside a block signature, names are bound by the arguments' shapes and by `k: dim` parameters.",
      "model M(x: f32[N, 3]) -> (y: f32[N, 3]) { y = x }",
      "declare the name (`dim N`), or use a dim bound by the block's signature.",
    ),
  },
  E0113: {
    title: "misplaced or missing return",
    explanation: explain(
      "Every block ends with exactly one `return EXPR`; a model has no `return` (its results are its named outputs).",
      "block f(x: f32[N]) -> f32[N] { y = relu(x) }",
      "add `return y` to the block; in a model, assign the outputs by name instead of returning.",
    ),
  },
  E0114: {
    title: "function used as a value",
    explanation: explain("A built-in function, block or initializer is named where a value is expected.", "y = relu", "call it: `y = relu(x)`."),
  },
  E0201: {
    title: "wrong element type",
    explanation: explain(
      "An operation received an element type it does not accept: operands of different dtypes (`f32` with `i32`), arithmetic on `bool`, a float-only function (relu, exp, softmax, …) applied to an integer or bool tensor, a fractional number combined with an i32 tensor, or a `where` condition that is not bool.",
      "input mask: bool[B, 3]\nh = relu(mask)",
      "use tensors of the expected element type; comparisons (`x > 0`) produce bool, declared inputs fix their dtype.",
    ),
  },
  E0202: {
    title: "labels must be i32",
    explanation: explain(
      "`cross_entropy(logits, labels)` takes integer class indices as labels, one per row of logits; float labels (such as one-hot rows) are rejected.",
      "input label: f32[B]\nloss = mean(cross_entropy(logits, label))",
      "declare the labels as integers: `input label: i32[B]`.",
    ),
  },
  E0203: {
    title: "argument of the wrong kind",
    explanation: explain(
      "A value of the wrong kind is passed: a tensor where a constant number is required (e.g. `alpha`, `axis`, `stride`), a number where a list is required (`reshape`'s shape), or a default given to a tensor parameter of a block.",
      "y = leaky_relu(x, alpha = x)",
      "pass a constant of the kind named in the message, e.g. `alpha = 0.1`.",
    ),
  },
  E0204: {
    title: "number is not finite",
    explanation: explain("A number literal (or a constant expression) overflows to infinity or is not a number.", "y = x * 1e999", "use a finite number (at most about 1.8e308)."),
  },
  E0205: {
    title: "unknown type",
    explanation: explain(
      "A type names an unknown element type, or a block parameter has an unknown kind. Element types are f32, f64, i32 and bool; block parameter kinds are dim, float, int and bool.",
      "model M(x: f16[3]) -> (y: f16[3]) { y = x }",
      "use one of the listed types.",
    ),
  },
  E0206: {
    title: "argument out of range",
    explanation: explain(
      "A constant argument has the right kind but an invalid value: a dropout probability outside [0, 1), a stride or pool size below 1, a negative padding or standard deviation, `uniform` with low ≥ high.",
      "h = dropout(x, p = 1.5)",
      "use a value in the range named by the message.",
    ),
  },
  E0301: {
    title: "shapes do not broadcast",
    explanation: explain(
      "An elementwise operation combines tensors whose shapes are not compatible under NumPy broadcasting: shapes are aligned from the right and each pair of dims must be equal or contain a 1. Also: shapes that other operations require to agree (labels vs logits, conv operands of rank ≠ 4).",
      "param b: f32[64]\nh = x @ W + b      # x @ W is f32[B, 128]",
      "make the shapes agree (`param b: f32[128]`), or reshape one operand so that the dims that should broadcast are 1.",
    ),
  },
  E0302: {
    title: "matmul dimensions do not match",
    explanation: explain(
      "`a @ b` follows NumPy matmul: the last dim of `a` must equal the length of a vector `b`, or the second-to-last dim of a matrix `b`. Scalars cannot be matmul operands, and batch dims (rank ≥ 3) must broadcast. When transposing one operand would fit, the help suggests it.",
      "param W: f32[10, 784]\nh = x @ W          # x is f32[B, 784]",
      "use the transposed weight (`param W: f32[784, 10]`, or `x @ transpose(W)`).",
    ),
  },
  E0303: {
    title: "axis out of range",
    explanation: explain(
      "An axis argument (of a reduction, softmax, concat, transpose's permutation) does not exist in the tensor: valid axes of a rank-r tensor are 0..r−1, or −r..−1 counted from the end. A permutation must list every axis exactly once.",
      "s = sum(x, axis = 2)   # x is f32[B, 10]",
      "use an axis below the rank (`axis = 1` or `axis = -1`).",
    ),
  },
  E0304: {
    title: "reshape size mismatch",
    explanation: explain(
      "`reshape(x, shape)` must keep the number of elements. With a −1 (at most one), the remaining dims must divide the element count; symbolic sizes are divided exactly (B·784 / 784 = B).",
      "img = reshape(x, [-1, 1, 28, 27])   # x is f32[B, 784]",
      "use a shape with the same element count (`[-1, 1, 28, 28]`).",
    ),
  },
  E0305: {
    title: "concat shape mismatch",
    explanation: explain(
      "`concat([a, b, …], axis)` needs operands of the same rank whose dims agree everywhere except along `axis`.",
      "c = concat([a, b], axis = 1)   # a is f32[B, 3], b is f32[4, 3]",
      "make the other dims equal, or concatenate along the axis where they differ.",
    ),
  },
  E0306: {
    title: "conv channels disagree",
    explanation: explain(
      "`conv2d(x, k)` takes x: [N, C, H, W] and k: [O, C, KH, KW]: the kernel's second dim must equal the input's channel count C.",
      "param K: f32[8, 3, 3, 3]\nconv = conv2d(img, K)   # img is f32[B, 1, 28, 28]",
      "give the kernel the input's channel count (`f32[8, 1, 3, 3]`).",
    ),
  },
  E0307: {
    title: "conv or pool output is empty",
    explanation: explain(
      "A convolution or pooling window does not fit: the output size ⌊(H + 2·pad − KH) / stride⌋ + 1 is 0 or less (or the stride/size is invalid).",
      "p = maxpool2d(x, size = 8)   # x is f32[B, 8, 4, 4]",
      "use a smaller window, padding, or a larger input.",
    ),
  },
  E0308: {
    title: "dimension must be concrete",
    explanation: explain(
      "An operation needs a whole-number size where the type has a symbolic dim: convolution and pooling need concrete channels, heights and widths; only the batch dim may be symbolic.",
      "dim H\nmodel M(x: f32[B, 1, H, H]) -> (y: f32[B, 8, H, H]) { ... conv2d(x, K) ... }",
      "give those dims whole-number sizes.",
    ),
  },
  E0309: {
    title: "type does not match its declaration",
    explanation: explain(
      "A value's type differs from the type declared for it: a model output, the value a block returns, or an argument of a block call (element type, rank, or a concrete dim).",
      "model M(x: f32[B, 4]) -> (y: f32[B, 2]) { y = relu(x) }",
      "change the declaration or the computation so that they agree.",
    ),
  },
  E0310: {
    title: "parameter with a symbolic dimension",
    explanation: explain(
      "A parameter's type uses a symbolic dim (such as the batch size B), directly or through a block's dim bound to one. Parameters have a fixed size when created, so every dim must be a whole number.",
      "param W: f32[B, 10]",
      "use whole numbers (`param W: f32[784, 10]`); in a block, bind the dim from a concrete axis of the argument.",
    ),
  },
  E0311: {
    title: "dimension is not a positive whole number",
    explanation: explain(
      "A dimension expression in a type evaluates to a fraction, zero or a negative number, or divides a symbolic dim inexactly (B / 2).",
      "param W: f32[10 / 4, 3]",
      "use dimension expressions whose value is a positive whole number.",
    ),
  },
  E0312: {
    title: "conflicting dimension bindings",
    explanation: explain(
      "A dim name of a block signature is bound by unification with the arguments' shapes, and two arguments bind it to different sizes. The message names both bindings.",
      "block add2(a: f32[N], b: f32[N]) -> f32[N] { return a + b }\ny = add2(x3, x4)   # f32[3] and f32[4]",
      "pass arguments whose shapes agree, or give the signature distinct dim names.",
    ),
  },
  E0313: {
    title: "initializer values do not fit",
    explanation: explain("`values([[...]])` must be a nested list whose nesting and lengths equal the parameter's shape.", "param W: f32[2, 2] = values([[1, 2, 3], [4, 5, 6]])", "give exactly one number per element, nested like the shape."),
  },
  E0314: {
    title: "dimension too large",
    explanation: explain(
      "A dimension is larger than 2,147,483,647 (2^31 − 1), the largest dimension nnc accepts, or a symbolic dimension has such a coefficient (`99999999999 * B`). Numbers this large also lose their exact value as 64-bit floats (20-digit literals round to a different number), so the shape would not be the one written.",
      "param W: f32[784, 99999999999999999999]",
      "use the size you mean; a tensor of that many elements would not fit in memory anyway.",
    ),
  },
  E0315: {
    title: "tensor too large",
    explanation: explain(
      "A tensor would hold more than 4,294,967,296 (2^32) elements, the most one typed array holds: a declared input, parameter or output, or a value an operation computes (a matmul or broadcast of large operands). For a shape with the batch dim the count is taken at batch 1, so the limit can only be lower at run time. Each dimension may be valid on its own while their product is not.",
      "param W: f32[100000, 100000]      # 10^10 elements",
      "use smaller dimensions; `nnc check` prints each model's parameter count and training memory, and `nnc train --max-memory` bounds the whole plan.",
    ),
  },
  E0316: {
    title: "block calls nested too deeply",
    explanation: explain(
      "Blocks are inlined at each call site, so a block that calls a block that calls a block … is lowered as one nest. More than 100 nested block calls is refused (the labels show the chain of calls that led there); the limit keeps checking within a fixed stack, far above what a model needs.",
      "block L1(x: f32[N]) -> f32[N] { return L0(x) }\nblock L2(x: f32[N]) -> f32[N] { return L1(x) }\n# … up to L200",
      "flatten the chain: call the blocks one after another in a model (`h1 = L0(x)`, `h2 = L0(h1)`, …) instead of nesting them.",
    ),
  },
  E0317: {
    title: "expression nested too deeply across block calls",
    explanation: explain(
      "Each expression may nest 500 levels (E0026), but a block call inlines the block's body where it is called, so the nesting of the call and the nesting inside the block add up. More than 600 levels in all is refused at the expression where the limit is crossed; the labels show the block calls that led there.",
      "block deep(x: f32[N]) -> f32[N] { return - - - … - x }   # 400 levels\ny = - - - … - deep(x)                                       # 300 levels around the call",
      "split the deep expressions into named bindings, inside the block or around the call.",
    ),
  },
  E0401: {
    title: "train section for an unknown model",
    explanation: explain("`train Name { … }` must name a model declared in the same file.", "model Mlp(...) -> (...) { ... }\ntrain MLP { ... }", "use the model's exact name (`train Mlp`)."),
  },
  E0402: {
    title: "two train sections for one model",
    explanation: explain("A model has at most one train section.", "train Mlp { ... }\ntrain Mlp { ... }", "merge the sections into one."),
  },
  E0403: {
    title: "unknown train setting",
    explanation: explain(
      "A train section accepts `input NAME: T` declarations and the settings loss, optimizer, schedule, clip, metrics, decay_all, data, batch, epochs and seed (docs/training.md).",
      "train Mlp {\n  loss = mean(cross_entropy(logits, label))\n  optimiser = adam()\n}",
      "use one of the listed keys (`optimizer`).",
    ),
  },
  E0404: {
    title: "loss is not a scalar",
    explanation: explain(
      "The loss must be a floating-point scalar (shape []), the value gradients are taken of. Per-example losses like `cross_entropy(logits, label)` have shape [B].",
      "loss = cross_entropy(logits, label)",
      "reduce it: `loss = mean(cross_entropy(logits, label))`.",
    ),
  },
  E0405: {
    title: "missing train setting",
    explanation: explain("A train section needs a `loss` and an `optimizer`.", "train Mlp {\n  loss = mean(cross_entropy(logits, label))\n}", "add the missing setting, e.g. `optimizer = adam(lr = 0.001)`."),
  },
  E0406: {
    title: "invalid optimizer",
    explanation: explain(
      "The optimizer must be a call of sgd(lr, momentum = 0, nesterov = false, weight_decay = 0), adam(lr = 0.001, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0), adamw(… weight_decay = 0.01), rmsprop(lr = 0.01, rho = 0.9, eps = 1e-8, momentum = 0), adagrad(lr = 0.01, eps = 1e-10) or lion(lr = 0.0001, beta1 = 0.9, beta2 = 0.99, weight_decay = 0), with constant arguments of the right kind and in range (lr > 0, momentum, rho and betas in [0, 1), eps > 0, weight_decay ≥ 0; nesterov needs momentum > 0). Optimizers with weight_decay also take `decay_all = true`. The reference of every argument is in docs/training.md.",
      "optimizer = adam(lr = -0.1, beta = 0.9)",
      "use a known optimizer with valid arguments (`adam(lr = 0.001, beta1 = 0.9)`).",
    ),
  },
  E0407: {
    title: "invalid train setting value",
    explanation: explain(
      "`batch` is a whole number ≥ 1, `epochs` a whole number from 1 to 1,000,000 and `seed` one from 0 to 4,294,967,295 (seeds are 32-bit: a larger one would repeat a smaller one's run); `data` is a data source call with constant number or string arguments (`mnist()`, `moons(n = 1000)`) or a file name in quotes.",
      "batch = 0.5",
      "use a value of the expected kind (`batch = 32`).",
    ),
  },
  E0408: {
    title: "train setting given twice",
    explanation: explain("A train setting appears twice in one train section.", "train Mlp {\n  batch = 32\n  batch = 64\n}", "keep one of them."),
  },
  E0409: {
    title: "parameter is not floating-point",
    explanation: explain(
      "A `param` is a trainable tensor: training moves it along its gradient, and gradients exist only for f32 and f64 values. An i32 or bool parameter could never change, so it is an error even before a train section uses it.",
      "param k: i32[10] = zeros()",
      "declare the parameter f32 (`param k: f32[10]`); integer data such as labels or indices is an input (`input label: i32[B]` in the train section), not a parameter.",
    ),
  },
  E0410: {
    title: "unknown data source",
    explanation: explain(
      "`data = …` names a data source that does not exist. The sources are mnist(), spirals(), moons(), circles(), xor(), blobs(), csv(\"f.csv\"), idx(x = …, label = …), npy(x = …, label = …), json(\"f.json\"), chars(\"lines.txt\", context = 16) (text, one example per line) and names(context = 16) (the shipped corpus of US baby names), or a file name in quotes whose extension tells its format. `nnc check` reports this, so training never starts with a misspelt source.",
      "train Mlp {\n  loss      = mean(cross_entropy(logits, label))\n  optimizer = adam()\n  data      = mnsit()\n}",
      "use one of the listed sources (`data = mnist()`), or put a file name in quotes (`data = \"train.csv\"`).",
    ),
  },
  E0411: {
    title: "invalid data source argument",
    explanation: explain(
      "An argument of a data source call does not fit the source: a name it does not take, too many positional arguments, a value of the wrong kind (a string where a number belongs, a fraction where a whole number belongs), a value out of range (`val` must lie in [0, 1), `n` in [2, 10000000]), or a required file name that is missing. `nnc check` checks each argument the way the data reader will, so these never surface after training started.",
      "data = spirals(n = 1000, nosie = 0.1, val = 1.5)",
      "use the source's argument names and valid values (`spirals(n = 1000, noise = 0.1, val = 0.2)`); `nnc explain E0411` and docs/data.md list each source's arguments.",
    ),
  },
  E0412: {
    title: "built-in data set does not fit the model",
    explanation: explain(
      "Data fields bind to the model's inputs and the train section's inputs by name, and each example must have as many elements as the input without its batch dim; class labels must lie in 0…C−1 for a single [B, C] output. A built-in set's fields are known before any data is read — mnist() gives `x` (784 pixels) and `label` (0…9); spirals(), moons(), circles(), xor() and blobs() give `x` (2 coordinates) and `label` (0…classes−1); chars() and names() give `x` and `y` (i32, `context` characters) and `mask` (f32) — so `nnc check` reports a missing field, a wrong example size or too few output classes instead of `nnc train` failing when it starts.",
      "model Mlp(image: f32[B, 784]) -> (logits: f32[B, 2]) { ... }\ntrain Mlp {\n  input label: i32[B]\n  ...\n  data = mnist()\n}",
      "name the inputs after the fields (`x: f32[B, 784]`), declare the example shape the set gives, and give the output one column per class (`logits: f32[B, 10]`).",
    ),
  },
  E0420: {
    title: "invalid schedule",
    explanation: explain(
      "`schedule = …` must be a call of constant(), step(every, gamma = 0.1), exponential(gamma), cosine(warmup = 0, min_lr = 0) or one_cycle(max_lr), with constant arguments in range (every ≥ 1 and warmup ≥ 0 whole numbers, gamma and max_lr > 0, min_lr ≥ 0). The schedule sets the learning rate of every optimizer step (docs/training.md).",
      "schedule = cosine(warmpu = 100)",
      "use a known schedule and its argument names (`cosine(warmup = 100)`).",
    ),
  },
  E0421: {
    title: "invalid gradient clipping",
    explanation: explain(
      "`clip = …` must be global_norm(max_norm) or value(limit) with a constant greater than 0: global_norm scales every gradient so that their joint norm is at most max_norm, value clamps each gradient element to [−limit, limit].",
      "clip = global_norm(-1)",
      "give a positive bound (`clip = global_norm(1.0)`).",
    ),
  },
  E0422: {
    title: "invalid metrics",
    explanation: explain(
      "`metrics = […]` must be a list of metrics: accuracy, top_k(k = 5), mae or rmse, each at most once; a bare name is the metric with its default arguments.",
      "metrics = [acuracy, top_k(0)]",
      "list known metrics with valid arguments (`metrics = [accuracy, top_k(5)]`).",
    ),
  },
  E0423: {
    title: "metric does not fit the model",
    explanation: explain(
      "accuracy and top_k compare class scores with labels: one output [B, C] and one i32 train input [B] (accuracy also works for a binary output [B] or [B, 1] with a float 0/1 target); mae and rmse compare an output with a float target of the same shape. A metric the model's output and train input cannot support is refused before training, instead of printing a meaningless number.",
      "model Reg(x: f32[B, 3]) -> (y: f32[B, 1]) { ... }\ntrain Reg {\n  input target: f32[B, 1]\n  metrics = [top_k(5)]\n  ...\n}",
      "choose metrics that fit the task (`metrics = [mae, rmse]` for a regression, `[accuracy]` for a classifier).",
    ),
  },
  E0424: {
    title: "decay_all set twice",
    explanation: explain(
      "`decay_all` may be given as an argument of the optimizer or as a train-section key, not both.",
      "train Mlp {\n  optimizer = adamw(decay_all = true)\n  decay_all = true\n  ...\n}",
      "keep one of them.",
    ),
  },
  E0425: {
    title: "decay_all without weight decay",
    explanation: explain(
      "`decay_all = true` extends weight decay to parameters of rank < 2 (biases, norm gains), which are skipped by default. It means nothing for an optimizer without weight decay (rmsprop, adagrad).",
      "train Mlp {\n  optimizer = adagrad()\n  decay_all = true\n  ...\n}",
      "remove `decay_all`, or use an optimizer with weight_decay (sgd, adam, adamw, lion).",
    ),
  },
};
