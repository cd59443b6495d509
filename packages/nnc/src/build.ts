/**
 * Builds the published `nnc` package in dist/: a bundle of packages/cli/src/run-main.ts and every @nnc
 * package it reaches (their TypeScript sources, through the "@nnc/source" export condition) and their
 * npm dependencies for Node 20, with the package's manifest (manifest.ts) and README. Nothing is
 * transformed at run time: `node dist/nnc.js` is the whole CLI, and `npm pack ./dist` the package.
 * What a source checkout reads from disk is fixed at build time:
 * - the runtime's own `.ts` files (runtime-files.ts reads them beside itself to inline them into
 *   generated programs) become dist/runtime-files.json, and the bundled runtime-files.ts reads that;
 * - `typescript` stays outside the bundle: the runtime requires it lazily (createRequire) to strip
 *   types and shake the inlined runtime, so it is a dependency of the package that `check` never loads;
 * - the version (version.ts reads the CLI's package.json) is the published manifest's.
 * The entry, nnc.js, is src/entry.ts as CommonJS. The CLI is built twice: as ES modules (main.mjs and its
 * chunks, for Node 22.1+ with Node's compile cache) and, for Node 20, as CommonJS parts (cli.cjs and the
 * cli-HASH.cjs it loads on demand) with their V8 code caches (code-cache.ts), made by the Node that runs
 * the build during one `nnc check` run.
 * Run: `npx tsx src/build.ts [OUT_DIR]` (default: dist/ beside src/).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, transform, type BuildOptions, type Metafile, type Plugin } from "esbuild";
import { cacheFileName, CLI_SCRIPT, ESM_MAIN, isCliPart, wrapPart } from "./code-cache.ts";
import { publishedManifest, type WorkspaceManifest } from "./manifest.ts";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(packageDir, "../..");
const entry = join(packageDir, "src/entry.ts");
const cliRunMain = join(repo, "packages/cli/src/run-main.ts");
/** The run that fills the code cache: the command whose start-up matters most. */
const CACHE_RUN = ["check", join(repo, "examples/mnist-mlp.nn")];
const runtimeSrc = join(repo, "packages/runtime/src");

/** Where the bundle puts the runtime's sources: beside the entry (every chunk is in the same folder). */
export const RUNTIME_FILES_JSON = "runtime-files.json";

/** The runtime's `.ts` files (tests excluded) by name: what runtime-files.ts reads from disk in a checkout. */
export function runtimeSources(): Record<string, string> {
  const names = readdirSync(runtimeSrc).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();
  return Object.fromEntries(names.map((f) => [f, readFileSync(join(runtimeSrc, f), "utf8")]));
}

/**
 * runtime-files.ts as bundled: the same function over the table in dist/runtime-files.json, read once
 * on first use (only commands that generate programs ask; `check` never does).
 */
const EMBEDDED_RUNTIME_FILES = `import { readFileSync } from "node:fs";
let files;
export function readRuntimeFile(file) {
  files ??= JSON.parse(readFileSync(new URL("./${RUNTIME_FILES_JSON}", import.meta.url), "utf8"));
  if (!Object.hasOwn(files, file)) throw new Error("nnc: the runtime file " + JSON.stringify(file) + " is not in this build");
  return files[file];
}
`;

/** The two modules that read files of a checkout, replaced by their built forms. */
function embedded(version: string): Plugin {
  return {
    name: "nnc-embedded",
    setup(b) {
      b.onLoad({ filter: /[\\/]runtime[\\/]src[\\/]runtime-files\.ts$/ }, () => ({ contents: EMBEDDED_RUNTIME_FILES, loader: "js" }));
      b.onLoad({ filter: /[\\/]cli[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export function nncVersion() { return ${JSON.stringify(version)}; }\n`, loader: "js" }));
    },
  };
}

/**
 * chevrotain validates the grammar and the token patterns each time a parser or lexer is built (a
 * third of `nnc check`'s start-up). The grammar is fixed at build time and validated by the syntax
 * package's tests, which run from source with chevrotain's defaults; the bundle builds them with
 * `skipValidations: true`, chevrotain's switch for production use. The build fails if chevrotain's
 * defaults no longer read as expected (another chevrotain version), rather than bundling unpatched.
 */
const CHEVROTAIN_DEFAULTS = /[\\/]chevrotain[\\/]lib[\\/]src[\\/](?:scan[\\/]lexer_public|parse[\\/]parser[\\/]parser)\.js$/;
const skipGrammarValidations: Plugin = {
  name: "nnc-chevrotain-skip-validations",
  setup(b) {
    const patched = new Set<string>();
    b.onStart(() => {
      patched.clear();
    });
    b.onEnd((result) => {
      if (result.errors.length === 0 && patched.size !== 2) throw new Error(`build: patched ${patched.size} of chevrotain's 2 default configurations (lexer, parser)`);
    });
    b.onLoad({ filter: CHEVROTAIN_DEFAULTS }, (args) => {
      patched.add(args.path);
      const text = readFileSync(args.path, "utf8");
      const contents = text.replace(/^(\s*)skipValidations: false,$/m, "$1skipValidations: true,");
      if (contents === text) throw new Error(`build: no \`skipValidations: false,\` default in ${args.path}`);
      return { contents, loader: "js" };
    });
  },
};

/** CommonJS packages inside an ES module bundle call `require` for Node built-ins: give the bundle one. */
const BANNER = `import { createRequire as __nncCreateRequire } from "node:module";
const require = __nncCreateRequire(import.meta.url);`;

/**
 * A plugin that replaces, in the one dependency file `filter` matches, each `from` (which must occur
 * exactly once) by its `to`. The build fails when the file is not bundled or a `from` is missing (another
 * version of the dependency), rather than bundling it unpatched.
 */
function sourcePatch(name: string, filter: RegExp, patches: readonly (readonly [from: string, to: string])[], loader: "js" | "ts" = "js"): Plugin {
  return {
    name,
    setup(b) {
      let patched = false;
      b.onStart(() => {
        patched = false;
      });
      b.onEnd((result) => {
        if (result.errors.length === 0 && !patched) throw new Error(`build: ${name}: no file matched ${String(filter)}`);
      });
      b.onLoad({ filter }, (args) => {
        patched = true;
        let contents = readFileSync(args.path, "utf8");
        for (const [from, to] of patches) {
          if (contents.split(from).length !== 2) throw new Error(`build: ${name}: expected \`${from.trim()}\` once in ${args.path}`);
          contents = contents.replace(from, to);
        }
        return { contents, loader };
      });
    },
  };
}

/**
 * In the CommonJS parts, `import()` of the programs train and sample generate goes through __nncImport,
 * a parameter of each part's wrapper that entry.ts fills with its own `import()`: Node 20
 * loses a vm.Script's import() callback in code that comes from a code cache ("A dynamic import
 * callback was not specified"), and its own switch for that is experimental (a warning on stderr).
 */
const IMPORT_GENERATED = "await import(pathToFileURL(path).href)";
const generatedImports = sourcePatch("nnc-cjs-generated-imports", /[\\/]cli[\\/]src[\\/]commands[\\/](?:train|sample)\.ts$/, [[IMPORT_GENERATED, "await __nncImport(pathToFileURL(path).href)"]], "ts");

/** Fails the build on an `import()` left in a CommonJS part (it would fail at run time from the code cache). */
function assertNoDynamicImport(file: string): void {
  const m = /(?<![\w$.])import\(/.exec(readFileSync(file, "latin1"));
  if (m !== null) throw new Error(`build: ${basename(file)} has an import() at offset ${m.index}; route it through __nncImport (see generatedImports)`);
}

/**
 * chevrotain's lexer fills a 65536-entry array on first use, entry c = c for c < 256 and
 * 255 + floor(c / 255) above (a table lookup for the rare characters past Latin-1). The bundle computes
 * that expression instead and skips the fill (milliseconds of every start).
 */
const computeCharCodeIndex = sourcePatch("nnc-chevrotain-char-code-index", /[\\/]chevrotain[\\/]lib[\\/]src[\\/]scan[\\/]lexer\.js$/, [
  [": charCodeToOptimizedIdxMap[charCode];", ": 255 + ~~(charCode / 255);"],
  ["function initCharCodeToOptimizedIndexMap() {\n", "function initCharCodeToOptimizedIndexMap() {\n    return;\n"],
]);

/**
 * chevrotain computes, when the parser is built, the lookahead function of every OR, OPTION and MANY of
 * the grammar (the token paths that choose each alternative): a tenth of `nnc check`'s start-up, mostly
 * for rules a given file never reaches. The bundle builds each one on its first call instead, with the
 * same arguments, so the parser makes the same choices. A lookahead function takes at most one argument
 * (an OR's alternatives) and is called with the parser as `this`.
 */
const LAZY_LOOKAHEAD_OR = "return buildLookaheadFuncForOr(options.prodOccurrence, options.rule, options.maxLookahead, options.hasPredicates, options.dynamicTokensEnabled, buildAlternativesLookAheadFunc);";
const LAZY_LOOKAHEAD_OPTIONAL =
  "return buildLookaheadFuncForOptionalProd(options.prodOccurrence, options.rule, options.maxLookahead, options.dynamicTokensEnabled, getProdType(options.prodType), buildSingleAlternativeLookaheadFunction);";
const lazy = (build: string): string => `let built; return function (alts) { return (built ??= (() => { ${build} })()).call(this, alts); };`;
const lazyLookahead = sourcePatch("nnc-chevrotain-lazy-lookahead", /[\\/]chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]grammar[\\/]llk_lookahead\.js$/, [
  [LAZY_LOOKAHEAD_OR, lazy(LAZY_LOOKAHEAD_OR)],
  [LAZY_LOOKAHEAD_OPTIONAL, lazy(LAZY_LOOKAHEAD_OPTIONAL)],
]);

/**
 * chevrotain builds its Parser class by copying ≈ 250 methods of its traits onto Parser.prototype, one
 * property at a time, when its module loads. V8 gives a fast-mode object a new map and a longer copy of
 * its descriptor array for each property added, ≈ 0.75 MB of garbage at every start. A dictionary-mode
 * object takes them as hash-table inserts (≈ 40 kB): adding and deleting two placeholder properties
 * first switches the prototype to one; V8 makes a prototype fast again when code first calls through it.
 */
const MIXIN_LOOP = "    baseCtors.forEach((baseCtor) => {\n";
const mixinsIntoDictionary = sourcePatch("nnc-chevrotain-mixins-into-dictionary", /[\\/]chevrotain[\\/]lib[\\/]src[\\/]parse[\\/]parser[\\/]utils[\\/]apply_mixins\.js$/, [
  [MIXIN_LOOP, `    const target = derivedCtor.prototype;\n    target.__nncA = 0;\n    target.__nncB = 0;\n    delete target.__nncA;\n    delete target.__nncB;\n${MIXIN_LOOP}`],
]);

/**
 * commander loads node:child_process (and with it net and dgram) at start for executable subcommands,
 * which nnc has none of: the bundle loads it on the first spawn, never in practice.
 */
const lazyChildProcess = sourcePatch("nnc-commander-lazy-child-process", /[\\/]commander[\\/]lib[\\/]command\.js$/, [
  ["const childProcess = require('node:child_process');", "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"],
]);

/**
 * Node built-ins that modules on `check`'s path import but `check` never calls (a checkpoint's SHA-256,
 * gzip, the machine's memory): loading node:crypto alone takes longer than parsing the model. In the
 * bundle an `import … from` one of them in nnc's own sources (not in dependencies) reads a stand-in
 * module, lazyBuiltinModule's, which loads the built-in on first use.
 */
const LAZY_BUILTINS = ["node:crypto", "node:zlib", "node:os"] as const;
const LAZY_NAMESPACE = "nnc-lazy-builtin";

/**
 * The stand-in for the built-in `name`: each function of it whose name starts in lower case (not a
 * class: a stand-in cannot be `new`ed or tested with instanceof) becomes a function that calls it, and
 * each object (node:zlib's `constants`) a read-only view of it. Any other name is missing, so the build
 * fails on an import of it rather than bundling something that behaves differently.
 */
export function lazyBuiltinModule(name: (typeof LAZY_BUILTINS)[number]): string {
  const actual = process.getBuiltinModule(name) as Record<string, unknown>;
  const lines = [`let m;\nconst load = () => (m ??= process.getBuiltinModule(${JSON.stringify(name)}));`];
  let views = false;
  for (const [key, value] of Object.entries(actual).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(key)) continue;
    if (typeof value === "function") lines.push(`export function ${key}(...args) { return load().${key}(...args); }`);
    else if (typeof value === "object" && value !== null) {
      views = true;
      lines.push(`export const ${key} = /* @__PURE__ */ view(() => load().${key});`);
    }
  }
  if (views) {
    lines.splice(1, 0, `const view = (target) => new Proxy({}, {
  get: (_, k) => target()[k],
  has: (_, k) => k in target(),
  ownKeys: () => Reflect.ownKeys(target()),
  getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(target(), k); return d === undefined ? d : { ...d, configurable: true }; },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});`);
  }
  return `${lines.join("\n")}\n`;
}

const lazyBuiltins: Plugin = {
  name: "nnc-lazy-builtins",
  setup(b) {
    const filter = new RegExp(`^(?:${LAZY_BUILTINS.join("|")})$`);
    b.onResolve({ filter }, (args) => (args.kind === "import-statement" && !/[\\/]node_modules[\\/]/.test(args.importer) ? { path: args.path, namespace: LAZY_NAMESPACE } : undefined));
    b.onLoad({ filter: /.*/, namespace: LAZY_NAMESPACE }, (args) => ({ contents: lazyBuiltinModule(args.path as (typeof LAZY_BUILTINS)[number]), loader: "js" }));
  },
};

/**
 * The first non-ASCII character of `text` and its offset, or null. Node's module loader decodes a
 * file with a non-ASCII byte on a slower path and V8 then holds and scans it as a two-byte string;
 * esbuild escapes strings and identifiers (charset "ascii") but not regular-expression literals.
 */
export function firstNonAscii(text: string): { readonly offset: number; readonly char: string } | null {
  const m = /[\u0080-\uffff]/.exec(text);
  return m === null ? null : { offset: m.index, char: m[0] };
}

/** Fails the build on a file of the bundle that is not ASCII, naming the character and its place. */
function assertAscii(file: string): void {
  const found = firstNonAscii(readFileSync(file, "utf8"));
  if (found !== null) {
    const code = found.char.codePointAt(0)!.toString(16).padStart(4, "0");
    throw new Error(`build: ${basename(file)} has U+${code} at offset ${found.offset}; write it as \\u${code} in the source (the bundle must be ASCII)`);
  }
}

/** Fails the build on a chunk that is not ASCII. */
function assertAsciiChunks(outDir: string, metafile: Metafile): void {
  for (const out of Object.keys(metafile.outputs).filter((f) => /\.[cm]?js$/.test(f))) assertAscii(join(outDir, basename(out)));
}

export interface BuildResult {
  readonly outDir: string;
  /** The ES-module build's. */
  readonly metafile: Metafile;
  /** The CommonJS parts (cli.cjs first) and their sizes in bytes. */
  readonly parts: readonly { readonly name: string; readonly bytes: number }[];
}

/** What both builds share: the bundle of the CLI and its dependencies for Node 20, ASCII, minified. */
function common(version: string, extraPlugins: readonly Plugin[] = []): BuildOptions & { readonly metafile: true } {
  return {
    bundle: true,
    platform: "node",
    target: "node20",
    conditions: ["@nnc/source"],
    external: ["typescript"],
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    legalComments: "eof",
    charset: "ascii",
    plugins: [embedded(version), skipGrammarValidations, computeCharCodeIndex, lazyLookahead, mixinsIntoDictionary, lazyChildProcess, lazyBuiltins, ...extraPlugins],
    metafile: true,
    logLevel: "warning",
  };
}

/**
 * The CommonJS build for Node 20 (code-cache.ts): cli.cjs, from packages/cli/src/run-main.ts, and the
 * parts it loads on demand (cli-HASH.cjs), so that a command compiles only the code it reaches. esbuild
 * splits the CLI into ES-module chunks at its dynamic imports (each command, the code generators, the
 * exporter, the language server …), and each chunk is then rewritten as CommonJS: a static import of
 * another chunk becomes its `require` (which code-cache.ts resolves to that part, run once), an
 * `import()` of one `Promise.resolve().then(() => require(…))`. Node 20 loses a vm.Script's import()
 * callback in code from a code cache, so no `import()` may remain (generatedImports covers the one
 * import() of a file that is not a part). Chunks have no top-level await: esbuild refuses it in CommonJS.
 */
async function buildCliParts(outDir: string, version: string): Promise<BuildResult["parts"]> {
  const esm = await build({
    ...common(version, [generatedImports]),
    entryPoints: { cli: cliRunMain },
    splitting: true,
    format: "esm",
    outdir: outDir,
    outExtension: { ".js": ".cjs" },
    chunkNames: "cli-[hash]",
    define: { "import.meta.url": "__nncModuleUrl" },
    write: false,
  });
  const parts: { name: string; bytes: number }[] = [];
  for (const chunk of esm.outputFiles) {
    const name = basename(chunk.path);
    if (!isCliPart(name)) throw new Error(`build: the CommonJS build made ${name}, which code-cache.ts would not load`);
    const cjs = await transform(chunk.text, {
      format: "cjs",
      target: "node20",
      supported: { "dynamic-import": false },
      minifyWhitespace: true,
      minifySyntax: true,
      minifyIdentifiers: true,
      charset: "ascii",
      logLevel: "warning",
    });
    const file = join(outDir, name);
    const text = wrapPart(cjs.code);
    writeFileSync(file, text);
    assertAscii(file);
    assertNoDynamicImport(file);
    parts.push({ name, bytes: text.length });
  }
  return parts.sort((a, b) => (a.name === CLI_SCRIPT ? -1 : b.name === CLI_SCRIPT ? 1 : a.name < b.name ? -1 : 1));
}

/**
 * Runs `nnc check` once from `outDir` with NNC_CODE_CACHE=write, in a plain `node` (this one's binary,
 * no loader flags, no NODE_OPTIONS): V8 accepts a cache only under the flags that made it. The parts
 * check loads get the code that run compiled; at its exit the others get their top level compiled.
 */
function writeCodeCache(outDir: string): void {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "NODE_OPTIONS"));
  const r = spawnSync(process.execPath, [join(outDir, "nnc.js"), ...CACHE_RUN], { env: { ...env, NNC_CODE_CACHE: "write" }, encoding: "utf8" });
  const missing = readdirSync(outDir).filter(isCliPart).map((part) => cacheFileName(undefined, part)).filter((cache) => !existsSync(join(outDir, cache)));
  if (r.status !== 0 || missing.length > 0) throw new Error(`build: the code-cache run (nnc ${CACHE_RUN.join(" ")}) exited ${String(r.status)} without ${missing.join(", ")}: ${r.stderr}`);
}

/**
 * Writes the package into `outDir` (emptied first): package.json, README.md, nnc.js, main.mjs and its
 * chunks, the CommonJS parts and their code caches, runtime-files.json.
 */
export async function buildNnc(outDir: string = join(packageDir, "dist")): Promise<BuildResult> {
  const manifest = publishedManifest(JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as WorkspaceManifest);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // The entry: CommonJS, so Node starts it without its ES-module loader.
  const bin = await build({
    ...common(manifest.version),
    // Only version.ts is replaced: the entry reaches none of the dependencies the other plugins patch.
    plugins: [embedded(manifest.version)],
    entryPoints: { nnc: entry },
    format: "cjs",
    outdir: outDir,
    define: { "import.meta.url": "__nncEntryUrl" },
    banner: { js: `#!/usr/bin/env node\nconst __nncEntryUrl = require("node:url").pathToFileURL(__filename).href;` },
  });
  assertAsciiChunks(outDir, bin.metafile);
  // The plugins keep per-build state, so the builds run one after the other.
  const esm = await build({
    ...common(manifest.version),
    entryPoints: { [ESM_MAIN.replace(/\.mjs$/, "")]: cliRunMain },
    splitting: true,
    format: "esm",
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    // Chunks sit beside nnc.js, where runtime-files.ts (any chunk) finds runtime-files.json.
    chunkNames: "chunk-[hash]",
    banner: { js: BANNER },
  });
  assertAsciiChunks(outDir, esm.metafile);
  // The plugins keep per-build state, so the builds run one after the other.
  const parts = await buildCliParts(outDir, manifest.version);
  writeFileSync(join(outDir, RUNTIME_FILES_JSON), JSON.stringify(runtimeSources()));
  writeFileSync(join(outDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(packageDir, "README.md"), join(outDir, "README.md"));
  writeCodeCache(outDir);
  return { outDir, metafile: esm.metafile, parts };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outDir, metafile, parts } = await buildNnc(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  const sizes = Object.entries(metafile.outputs).filter(([f]) => f.endsWith(".mjs")).map(([f, o]) => `${basename(f)} ${(o.bytes / 1024).toFixed(0)} KiB`);
  sizes.push(...parts.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)} KiB`));
  console.log(`built ${outDir}: ${sizes.join(", ")}`);
}
