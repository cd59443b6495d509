/**
 * The published `nnc` bin (dist/nnc.js, built as CommonJS): packages/cli/src/main.ts's behaviour with
 * the start-up of a package. CommonJS, because Node starts a CommonJS main without its ES-module loader
 * (which costs a bare start ≈ 15 % more: it loads node:fs/promises and the loader's own modules to read
 * the file). `nnc --version` alone is answered before the compiler is loaded. Otherwise, on Node 20 (no
 * `module.enableCompileCache`) the CLI runs from its CommonJS parts with their V8 code caches
 * (code-cache.ts); on Node 22.1+, or where this V8 has no cache, from the ES-module build (main.mjs and
 * its chunks), with Node's compile cache where Node has one.
 */
import { nncVersion } from "../../cli/src/version.ts";
import { cacheMode, ESM_MAIN, loadCachedCli } from "./code-cache.ts";

type RunMain = (argv: readonly string[]) => Promise<void>;

async function main(argv: readonly string[]): Promise<void> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    process.stdout.write(`nnc ${nncVersion()}\n`);
    return;
  }
  const enableCompileCache = Reflect.get(process.getBuiltinModule("node:module"), "enableCompileCache") as (() => unknown) | undefined;
  const mode = cacheMode(process.env["NNC_CODE_CACHE"]);
  const here = new URL(".", import.meta.url);
  // The parts' import() of generated programs is this module's (code-cache.ts, DynamicImport).
  const cli = enableCompileCache === undefined || mode === "write" ? loadCachedCli(here, mode, (specifier) => import(specifier)) : null;
  if (cli !== null) return cli.runMain(argv);
  enableCompileCache?.();
  // A specifier computed at run time: the bundler leaves this import() to Node.
  const esm = (await import(new URL(ESM_MAIN, here).href)) as { readonly runMain: RunMain };
  return esm.runMain(argv);
}

void main(process.argv.slice(2));
