/**
 * The V8 code cache of the bundled CLI on Node 20, which has no compile cache for ES modules.
 * The build writes the CLI a second time as CommonJS parts: cli.cjs (packages/cli/src/run-main.ts)
 * and the parts it loads when it needs them (cli-HASH.cjs: a command, the code generators, the ONNX
 * exporter, the language server …), so a command compiles and loads only what it uses. Beside each
 * part is its cache file, the code V8 compiled for it; a start hands that code back to V8 (`vm.Script`
 * with `cachedData`) instead of parsing and compiling the part again.
 * Invariants: V8 accepts a cache only from its own version, flags and the same source text; a cache's
 * name carries the V8 version, so another Node finds no file for cli.cjs and the entry keeps the
 * ES-module chunks. V8 checks a cache's header (version, flags, source length) but not its contents: a
 * damaged cache crashes it. So the file is the CRC-32 of V8's data (4 bytes, big-endian), then the data,
 * and a file whose CRC differs is not used (a CRC-32 misses a random corruption with probability 2^-32
 * and no burst of up to 32 bits; it costs far less at start than a SHA-256). A cache V8 rejects (other
 * flags), or a part whose cache is missing or damaged, only costs the compile it would have saved: the
 * part runs from its source. Nothing here writes unless asked (NNC_CODE_CACHE=write, the build).
 */

import type { Script } from "node:vm";

// Node's built-ins are taken with process.getBuiltinModule, not imported: an ES module's `import` of a
// built-in builds its ES-module facade, which reads every export (node:fs's getters load all of
// node:stream), and node:vm and node:zlib are loaded only when used (`nnc --version` loads neither).
const fs = () => process.getBuiltinModule("node:fs");
const url = () => process.getBuiltinModule("node:url");
const crc32 = (data: Uint8Array): number => process.getBuiltinModule("node:zlib").crc32(data);

/** The ES-module build of packages/cli/src/run-main.ts (its chunks are `chunk-*.mjs`), beside nnc.js. */
export const ESM_MAIN = "main.mjs";

/** The CommonJS build of packages/cli/src/run-main.ts, beside nnc.js; its parts are `cli-*.cjs`. */
export const CLI_SCRIPT = "cli.cjs";

/** Whether `name` is a part of the CommonJS build (cli.cjs or a part it loads), as a file name. */
export function isCliPart(name: string): boolean {
  return /^cli(?:-[A-Z0-9]+)?\.cjs$/.test(name);
}

/** The cache file of the part `script` (a file name, default cli.cjs) for a V8 version (`process.versions.v8`). */
export function cacheFileName(v8: string = process.versions.v8, script: string = CLI_SCRIPT): string {
  return `${script.replace(/\.cjs$/, "")}-v8-${v8.replace(/[^A-Za-z0-9.]/g, "_")}.cache`;
}

/**
 * NNC_CODE_CACHE: unset = use the caches there are; "write" = use them, and at exit write the cache of
 * every part in the folder that has none (the build): of the parts this run loaded, the code it
 * compiled; of the others, their top level; "report" = use them and say on stderr, per part loaded,
 * whether V8 accepted its cache (the tests).
 */
export type CacheMode = "use" | "write" | "report";

export function cacheMode(env: string | undefined): CacheMode {
  return env === "write" || env === "report" ? env : "use";
}

/** What cli.cjs exports: run-main.ts's runMain. */
export interface CliModule {
  runMain(argv: readonly string[]): Promise<void>;
}

// Each part is esbuild's CommonJS output with `import.meta.url` defined as __nncModuleUrl, written by the
// build inside this wrapper (a part is one function expression, compiled from the file's text as it is:
// no copy of half a megabyte of source to join the wrapper to it at each start). `require` of another part
// (`./cli-HASH.cjs`) loads it through this module. A part's import() of generated programs is a call of
// __nncImport (build.ts, generatedImports).
const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname, __nncModuleUrl, __nncImport) {";
const WRAPPER_TAIL = "\n})";

/** A part's file text for esbuild's CommonJS output `code`. */
export function wrapPart(code: string): string {
  return WRAPPER_HEAD + code + WRAPPER_TAIL;
}

/** `import()` as the ES module that calls loadCachedCli sees it. */
export type DynamicImport = (specifier: string) => Promise<unknown>;

type PartRequire = (specifier: string) => unknown;
type PartWrapper = (exports: object, require: PartRequire, module: { exports: object }, filename: string, dirname: string, moduleUrl: string, dynamicImport: DynamicImport) => void;

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

/** A part's cache as read: V8's data, or why there is none. */
type CacheRead = { readonly data: Buffer } | { readonly missing: "missing" | "damaged" };

function readCache(path: string): CacheRead {
  const sealed = readOrNull(path);
  const data = sealed === null ? null : unsealCache(sealed);
  return data !== null ? { data } : { missing: sealed === null ? "missing" : "damaged" };
}

/** `source` (a wrapped part, ASCII: the build asserts it, so latin1 decodes it exactly and fastest) as V8 compiles it. */
function compilePart(source: Buffer, file: string, cachedData: Buffer | undefined): Script {
  return new (process.getBuiltinModule("node:vm").Script)(source.toString("latin1"), { filename: file, cachedData });
}

/**
 * Loads the parts of the CommonJS build from the folder `dir`: each one once, on its first `require`,
 * compiled with its cache when it has an intact one.
 */
class PartLoader {
  private readonly loaded = new Map<string, { readonly exports: object }>();
  /** The parts this run compiled, by file name, for the caches written at exit in write mode. */
  private readonly scripts = new Map<string, Script>();
  private readonly nodeRequire: NodeJS.Require;
  private readonly dirPath: string;

  constructor(
    private readonly dir: URL,
    private readonly mode: CacheMode,
    private readonly dynamicImport: DynamicImport,
  ) {
    this.dirPath = url().fileURLToPath(dir);
    this.nodeRequire = process.getBuiltinModule("node:module").createRequire(url().fileURLToPath(new URL(CLI_SCRIPT, dir)));
    if (mode === "write") {
      process.once("exit", () => {
        this.writeMissingCaches();
      });
    }
  }

  private path(name: string): string {
    return url().fileURLToPath(new URL(name, this.dir));
  }

  /** `require` as the parts see it: another part by its `./cli-HASH.cjs` (run once), anything else Node's. */
  readonly require = (specifier: string): unknown => {
    const name = specifier.startsWith("./") ? specifier.slice(2) : "";
    if (!isCliPart(name)) return this.nodeRequire(specifier);
    return this.loaded.get(name)?.exports ?? this.load(name, this.readPartCache(name), fs().readFileSync(this.path(name)));
  };

  private readPartCache(name: string): CacheRead {
    const read = readCache(this.path(cacheFileName(undefined, name)));
    if (this.mode === "report" && "missing" in read) process.stderr.write(`nnc: code cache ${read.missing} (${name})\n`);
    return read;
  }

  /** Runs the part `name` (not loaded yet) from `source`, compiled with `cache` when it has data; returns its exports. */
  load(name: string, cache: CacheRead, source: Buffer): object {
    const file = this.path(name);
    const script = compilePart(source, file, "data" in cache ? cache.data : undefined);
    if (this.mode === "report" && "data" in cache) process.stderr.write(`nnc: code cache ${script.cachedDataRejected === true ? "rejected" : "accepted"} (${name})\n`);
    this.scripts.set(name, script);
    const module = { exports: {} };
    // Registered before it runs, as Node does, so a cycle gets the exports filled so far.
    this.loaded.set(name, module);
    const wrapper = script.runInThisContext() as PartWrapper;
    wrapper(module.exports, this.require, module, file, this.dirPath, url().pathToFileURL(file).href, this.dynamicImport);
    return module.exports;
  }

  /** At exit: the cache of every part without one; a part this run did not load is compiled (top level) for it. */
  private writeMissingCaches(): void {
    for (const name of fs().readdirSync(this.dirPath).filter(isCliPart).sort()) {
      const cacheFile = this.path(cacheFileName(undefined, name));
      if (fs().existsSync(cacheFile)) continue;
      const script = this.scripts.get(name) ?? compilePart(fs().readFileSync(this.path(name)), this.path(name), undefined);
      fs().writeFileSync(cacheFile, sealCache(script.createCachedData()));
    }
  }
}

/**
 * Runs cli.cjs from the folder `dir` and returns its exports, or null when this folder has no intact
 * cache of cli.cjs for this V8 (then the caller imports the ES-module chunks). In write mode cli.cjs
 * runs with whatever cache it has.
 */
export function loadCachedCli(dir: URL, mode: CacheMode, dynamicImport: DynamicImport): CliModule | null {
  const { fileURLToPath } = url();
  const entryCache = readCache(fileURLToPath(new URL(cacheFileName(), dir)));
  if (mode !== "write" && "missing" in entryCache) {
    if (mode === "report") process.stderr.write(`nnc: code cache ${entryCache.missing} (${CLI_SCRIPT})\n`);
    return null;
  }
  const source = readOrNull(fileURLToPath(new URL(CLI_SCRIPT, dir)));
  if (source === null) return null;
  return new PartLoader(dir, mode, dynamicImport).load(CLI_SCRIPT, entryCache, source) as CliModule;
}
