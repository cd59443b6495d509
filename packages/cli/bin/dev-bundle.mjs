// The development launcher's bundle of the CLI (nnc.js): packages/cli/src/main.ts and every source and
// dependency it imports, bundled by esbuild from the TypeScript sources as they are now, into
// node_modules/.cache/nnc-dev/. A start whose sources are unchanged since the last bundle only stats
// them (≈ 0.4 s and 0.4 CPU-s for `nnc check` against ≈ 1.7 s and 2.6 CPU-s through tsx's loader
// hooks, which resolve and compile ≈ 1,250 modules at every start); a change to any of them bundles
// again (≈ 1.5 s). Each source module keeps its own `import.meta.url` (the file's URL), so what it reads
// beside itself (the runtime's sources, the CLI's package.json) is read from the checkout, as from tsx;
// the expression is replaced where it is code, not inside the strings the code generators write.
//
// Invariants: a bundle is used only when every file it was built from has the size and modification time
// it had before that build started; a file changed while bundling makes the next start bundle again. The
// files a bundle depends on are its metafile's inputs (a file newly imported is reached through a changed
// one), this file, the workspaces' package.json files (their `exports` steer resolution) and npm's record of
// node_modules (node_modules/.package-lock.json: rewritten by every install). Bundles are written
// to a folder of their own and named by `current.json`, replaced by a rename, so concurrent starts each
// see a whole bundle. Anything that goes wrong here returns null and nnc.js runs through tsx instead.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
/** Where bundles are kept: NNC_DEV_CACHE (the launcher's tests use a folder of their own), else the checkout's node_modules. */
const CACHE = process.env["NNC_DEV_CACHE"] ?? join(REPO, "node_modules", ".cache", "nnc-dev");
const ENTRY = join(REPO, "packages", "cli", "src", "main.ts");
const NPM_RECORD = join(REPO, "node_modules", ".package-lock.json");

/** [path relative to the repo, size, mtime in ms] of `file`; size and mtime −1 when there is no such file (npm's record under another package manager). */
function stamp(file) {
  try {
    const s = statSync(join(REPO, file));
    return [file, s.size, s.mtimeMs];
  } catch {
    return [file, -1, -1];
  }
}

/** The files every bundle depends on besides its inputs: this file (how it bundles), the workspaces' manifests and npm's record. */
function manifests() {
  const files = [relative(REPO, fileURLToPath(import.meta.url)), relative(REPO, NPM_RECORD), "package.json"];
  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(REPO, group))) files.push(join(group, name, "package.json"));
  }
  return files;
}

/** Whether `recorded` (an entry of current.json: [file, size, mtime]) is its file's stamp now. */
function unchanged(recorded) {
  if (!Array.isArray(recorded) || typeof recorded[0] !== "string") return false;
  const now = stamp(recorded[0]);
  return recorded[1] === now[1] && recorded[2] === now[2];
}

/** The bundle `current.json` names, when every file it depends on is as it was; else null. */
function freshBundle() {
  let current;
  try {
    current = JSON.parse(readFileSync(join(CACHE, "current.json"), "utf8"));
  } catch {
    return null;
  }
  if (typeof current !== "object" || current === null || typeof current.dir !== "string" || !Array.isArray(current.files)) return null;
  if (!current.files.every(unchanged)) return null;
  return join(CACHE, current.dir, "cli.mjs");
}

/** Bundles the CLI's sources into a new folder of the cache and names it in current.json; returns the bundle's path. */
async function bundle() {
  const esbuild = await import("esbuild");
  const startedAt = Date.now();
  const dir = `b-${process.pid}-${startedAt}`;
  const out = join(CACHE, dir);
  mkdirSync(out, { recursive: true });
  const ownUrl = {
    name: "nnc-own-import-meta-url",
    setup(b) {
      // esbuild's define replaces the expression in code only (the code generators write it inside strings).
      b.onLoad({ filter: /[\\/](?:packages|apps)[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, async (args) => {
        const text = readFileSync(args.path, "utf8");
        if (!text.includes("import.meta")) return { contents: text, loader: "ts" };
        const own = await esbuild.transform(text, { loader: "ts", sourcefile: args.path, define: { "import.meta.url": JSON.stringify(pathToFileURL(args.path).href) } });
        return { contents: own.code, loader: "js" };
      });
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      conditions: ["@nnc/source"],
      // The runtime loads TypeScript lazily (createRequire), as the published package does.
      external: ["typescript"],
      outfile: join(out, "cli.mjs"),
      sourcemap: "linked",
      metafile: true,
      logLevel: "silent",
      // CommonJS dependencies call `require` for Node's built-ins.
      banner: { js: 'import { createRequire as __nncCreateRequire } from "node:module";\nconst require = __nncCreateRequire(import.meta.url);' },
      plugins: [ownUrl],
    });
    const files = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes("node_modules")).map((f) => relative(REPO, resolve(f))), ...manifests()].map(stamp);
    // A file changed since the build started: keep this bundle for this start only.
    const settled = files.every((s) => s[2] < startedAt);
    if (settled) {
      const pointer = join(CACHE, `current-${process.pid}.json`);
      writeFileSync(pointer, JSON.stringify({ dir, files }));
      renameSync(pointer, join(CACHE, "current.json"));
      removeOtherBundles(dir);
    }
    return join(out, "cli.mjs");
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    throw e;
  } finally {
    await esbuild.stop();
  }
}

/**
 * Removes the cache's bundles other than `keep` made over ten minutes ago: a start that found one of the
 * younger ones up to date may not have imported it yet (the bundle is one file, read once at import).
 */
function removeOtherBundles(keep) {
  for (const name of readdirSync(CACHE)) {
    if (!name.startsWith("b-") || name === keep) continue;
    try {
      if (Date.now() - statSync(join(CACHE, name)).mtimeMs > 600_000) rmSync(join(CACHE, name), { recursive: true, force: true });
    } catch {
      // Another start removed it.
    }
  }
}

/** The path of an up-to-date bundle of the CLI (made now if needed), or null when none can be had. */
export async function devBundle() {
  try {
    return freshBundle() ?? (await bundle());
  } catch {
    return null;
  }
}
