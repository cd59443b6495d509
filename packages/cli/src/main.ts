/**
 * `nnc`'s entry, from source (bin/nnc.js) and bundled (packages/nnc). `nnc --version` alone is
 * answered before the compiler is loaded, with the same line commander prints; everything else loads
 * the CLI (run-main.ts, a separate chunk in the bundle).
 */
import * as nodeModule from "node:module";
import { nncVersion } from "./version.ts";

// Node 22.1+ keeps compiled code between runs (a no-op where it is missing: Node 20).
const enableCompileCache = Reflect.get(nodeModule, "enableCompileCache") as (() => unknown) | undefined;
enableCompileCache?.();

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`nnc ${nncVersion()}\n`);
} else {
  const { runMain } = await import("./run-main.ts");
  await runMain(argv);
}
