#!/usr/bin/env node
// Runs the CLI from its TypeScript sources: re-executes node with the tsx loader and the "@nnc/source"
// export condition (workspace packages resolve to their src/), passing arguments and stdio through and
// forwarding the exit status and terminating signals.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const preload = fileURLToPath(new URL("./preload.mjs", import.meta.url));
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const child = spawn(process.execPath, ["--import", preload, "--conditions=@nnc/source", main, ...process.argv.slice(2)], {
  stdio: "inherit",
});

const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
for (const signal of forwarded) {
  process.on(signal, () => {
    child.kill(signal);
  });
}

child.on("error", (err) => {
  process.stderr.write(`error: cannot start node (${process.execPath}): ${err.message}\n`);
  process.exit(70);
});

child.on("exit", (code, signal) => {
  if (signal !== null) {
    // Die of the same signal so the caller sees it (shells print "Interrupted", make stops, …).
    for (const s of forwarded) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
