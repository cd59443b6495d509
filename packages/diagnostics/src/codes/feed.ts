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
};
