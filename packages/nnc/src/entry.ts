/**
 * The published `nnc` bin (dist/nnc.js): packages/cli/src/main.ts's behaviour with the start-up of a
 * package. `nnc --version` alone is answered before the compiler is loaded. Otherwise, on Node 20
 * (no `module.enableCompileCache`) the CLI runs from cli.cjs with its V8 code cache (code-cache.ts);
 * on Node 22.1+, or where this V8 has no cache, from the ES-module chunks, with Node's compile cache
 * where Node has one.
 */
import { nncVersion } from "../../cli/src/version.ts";
import { cacheMode, loadCachedCli } from "./code-cache.ts";

// Taken, not imported: an ES module's import of a built-in builds its ES-module facade at start.
const enableCompileCache = Reflect.get(process.getBuiltinModule("node:module"), "enableCompileCache") as (() => unknown) | undefined;
const mode = cacheMode(process.env["NNC_CODE_CACHE"]);

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`nnc ${nncVersion()}\n`);
} else {
  const cli = enableCompileCache === undefined || mode === "write" ? loadCachedCli(new URL(".", import.meta.url), mode, (specifier) => import(specifier)) : null;
  if (cli !== null) {
    await cli.runMain(argv);
  } else {
    enableCompileCache?.();
    const { runMain } = await import("../../cli/src/run-main.ts");
    await runMain(argv);
  }
}
