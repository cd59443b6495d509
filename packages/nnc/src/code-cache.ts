/**
 * The V8 code cache of the bundled CLI on Node 20, which has no compile cache for ES modules.
 * The build writes the whole CLI a second time as one CommonJS file (cli.cjs) and, by running
 * `nnc check` once with NNC_CODE_CACHE=write, the code V8 compiled for it (the cache file). A start
 * then hands that code back to V8 (`vm.Script` with `cachedData`) instead of parsing and compiling
 * the CLI again.
 * Invariants: V8 accepts a cache only from its own version, flags and the same source text; the cache's
 * name carries the V8 version, so another Node finds no file and the entry keeps the ES-module chunks.
 * V8 checks a cache's header (version, flags, source length) but not its contents: a damaged cache
 * crashes it. So the file is the CRC-32 of V8's data (4 bytes, big-endian), then the data, and a
 * file whose CRC differs is not used (a CRC-32 misses a random corruption with probability 2^-32 and
 * no burst of up to 32 bits; it costs far less at start than a SHA-256). A cache V8 rejects (other
 * flags) only costs the compile it would have saved: the script runs from its source. Nothing here
 * writes unless asked (NNC_CODE_CACHE=write, the build).
 */

// Node's built-ins are taken with process.getBuiltinModule, not imported: an ES module's `import` of a
// built-in builds its ES-module facade, which reads every export (node:fs's getters load all of
// node:stream), and node:vm and node:zlib are loaded only when used (`nnc --version` loads neither).
const fs = () => process.getBuiltinModule("node:fs");
const url = () => process.getBuiltinModule("node:url");
const crc32 = (data: Uint8Array): number => process.getBuiltinModule("node:zlib").crc32(data);

/** The CommonJS build of packages/cli/src/run-main.ts, beside nnc.js. */
export const CLI_SCRIPT = "cli.cjs";

/** The cache file for a V8 version (`process.versions.v8`), beside nnc.js. */
export function cacheFileName(v8: string = process.versions.v8): string {
  return `cli-v8-${v8.replace(/[^A-Za-z0-9.]/g, "_")}.cache`;
}

/**
 * NNC_CODE_CACHE: unset = use the cache when there is one; "write" = compile without it and write it
 * at exit (the build); "report" = use it and say on stderr whether V8 accepted it (the tests).
 */
export type CacheMode = "use" | "write" | "report";

export function cacheMode(env: string | undefined): CacheMode {
  return env === "write" || env === "report" ? env : "use";
}

/** What cli.cjs exports: run-main.ts's runMain. */
export interface CliModule {
  runMain(argv: readonly string[]): Promise<void>;
}

// cli.cjs is esbuild's CommonJS output with `import.meta.url` defined as __nncModuleUrl.
// Its import() of generated programs is a call of __nncImport (build.ts, generatedImports).
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname, __nncModuleUrl, __nncImport) {";
const WRAPPER_TAIL = "\n})";

/** `import()` as the ES module that calls loadCachedCli sees it. */
export type DynamicImport = (specifier: string) => Promise<unknown>;

type CliWrapper = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string, moduleUrl: string, dynamicImport: DynamicImport) => void;

const CRC_BYTES = 4;

/** The cache file's bytes for V8's `data`. */
export function sealCache(data: Uint8Array): Buffer {
  const file = Buffer.alloc(CRC_BYTES + data.length);
  file.writeUInt32BE(crc32(data), 0);
  file.set(data, CRC_BYTES);
  return file;
}

/** V8's data from a cache file's bytes, or null when they are not what sealCache wrote. */
export function unsealCache(file: Buffer): Buffer | null {
  if (file.length <= CRC_BYTES) return null;
  const data = file.subarray(CRC_BYTES);
  return crc32(data) === file.readUInt32BE(0) ? data : null;
}

function readOrNull(path: string): Buffer | null {
  try {
    return fs().readFileSync(path);
  } catch {
    return null;
  }
}

/**
 * Compiles and runs cli.cjs from the folder `dir` with its cache and returns its exports, or null
 * when this folder has no intact cache for this V8 (then the caller imports the ES-module chunks).
 */
export function loadCachedCli(dir: URL, mode: CacheMode, dynamicImport: DynamicImport): CliModule | null {
  const { fileURLToPath, pathToFileURL } = url();
  const file = fileURLToPath(new URL(CLI_SCRIPT, dir));
  const cacheFile = fileURLToPath(new URL(cacheFileName(), dir));
  let cachedData: Buffer | undefined;
  if (mode !== "write") {
    const sealed = readOrNull(cacheFile);
    const data = sealed === null ? null : unsealCache(sealed);
    if (data === null) {
      if (mode === "report") process.stderr.write(`nnc: code cache ${sealed === null ? "missing" : "damaged"}\n`);
      return null;
    }
    cachedData = data;
  }
  const source = readOrNull(file);
  if (source === null) return null;
  // The build asserts that cli.cjs is ASCII, so latin1 decodes it exactly (and fastest).
  const { Script } = process.getBuiltinModule("node:vm");
  const script = new Script(WRAPPER_HEAD + source.toString("latin1") + WRAPPER_TAIL, { filename: file, cachedData });
  if (mode === "report") process.stderr.write(`nnc: code cache ${script.cachedDataRejected === true ? "rejected" : "accepted"}\n`);
  // At exit the functions the run compiled are in the cache too, not only the top level.
  if (mode === "write") process.once("exit", () => {
      fs().writeFileSync(cacheFile, sealCache(script.createCachedData()));
    });
  const wrapper = script.runInThisContext() as CliWrapper;
  const module = { exports: {} };
  wrapper(module.exports, process.getBuiltinModule("node:module").createRequire(file), module, file, fileURLToPath(dir), pathToFileURL(file).href, dynamicImport);
  return module.exports as CliModule;
}
