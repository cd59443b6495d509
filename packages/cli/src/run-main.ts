import { runCli } from "./cli.ts";
import { nodeIo } from "./io.ts";
import { StdoutGuard } from "./stdout-guard.ts";

/** Runs `nnc argv` in this process and sets its exit status (main.ts loads this for every command line). */
export async function runMain(argv: readonly string[]): Promise<void> {
  // `nnc … | head` closes stdout early; that is not an error worth a message: exit quietly.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });

  const stdout = new StdoutGuard(process.stdout);
  const status = await runCli(argv, nodeIo(stdout));
  // Output that never arrived is a failure, whatever the command thought: a line on stderr and exit 1.
  const failure = await stdout.settle();
  if (failure !== null) process.stderr.write(`error[E0604]: cannot write to standard output: ${failure}\n`);
  process.exitCode = failure !== null && status === 0 ? 1 : status;
}
