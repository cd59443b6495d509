import { runCli } from "./cli.ts";
import { nodeIo } from "./io.ts";
import { StdoutGuard } from "./stdout-guard.ts";

// `nnc … | head` closes stdout early; that is not an error worth a message: exit quietly.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
});

const stdout = new StdoutGuard(process.stdout);
const status = await runCli(process.argv.slice(2), nodeIo(stdout));
// Output that never arrived is a failure, whatever the command thought: a line on stderr and exit 1.
const failure = await stdout.settle();
if (failure !== null) process.stderr.write(`error[E0604]: cannot write to standard output: ${failure}\n`);
process.exitCode = failure !== null && status === 0 ? 1 : status;
