import type { CodeInfo } from "./code-info.ts";

export const INTERNAL_CODES: Readonly<Record<string, CodeInfo>> = {
  E0900: {
    title: "internal compiler error",
    explanation: `nnc itself failed: an invariant inside the compiler did not hold, or a stage threw an exception
it should have reported as a diagnostic. This is a bug in nnc, not in your program (though your program
is what triggered it). nnc exits with status 70 and names the file it was compiling.

Example:

    $ nnc check model.nn
    error[E0900]: internal compiler error: unexpected node kind 'foo' in lowering
      --> model.nn
      = note: this is a bug in nnc; please report it with the input file and the output of
              \`NNC_DEBUG=1 nnc check model.nn\`

What to do: re-run the same command with \`NNC_DEBUG=1\` set in the environment to print the stack trace,
and report it together with the smallest \`.nn\` file that still triggers the error. As a workaround,
try rewriting the construct on the reported line (for example, split a long expression into named
steps) — the bug is often in one rarely used path.`,
  },
};
