/**
 * `nnc compile -o FILE` writes two files (issue 10, item 6): the program, and beside it the runtime
 * module it imports. The pair trains exactly as the one-file form (`--single-file`, stdout) and as
 * `nnc train` do — the same code, only the module boundary differs — with tsx (ts) and node (js).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordingIo, runCli } from "@nnc/cli";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "./test-programs.ts";

const REPO = join(EXAMPLES, "..");
const TSX = join(REPO, "node_modules", ".bin", "tsx");
const SPIRALS = join(EXAMPLES, "spirals.nn");
/** spawnSync blocks the worker, so vitest's timeout cannot stop a hung child: this kills it first. */
const CHILD_TIMEOUT = 240_000;

async function nnc(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(args, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

/** --json lines less the wall-clock time. */
function timeless(stdout: string): unknown[] {
  return stdout.trim().split("\n").map((l) => Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => k !== "seconds")));
}

/**
 * The --json lines of one training run, less the wall-clock time. NNC_RELAXED_SIMD=0: a program run as a
 * script would otherwise turn on Node 20's relaxed SIMD, which this worker's in-process `nnc train` has not.
 */
function losses(cmd: string, args: string[]): unknown[] {
  const r = spawnSync(cmd, [...args, "--epochs", "1", "--json"], { encoding: "utf8", timeout: CHILD_TIMEOUT, env: { ...process.env, NNC_RELAXED_SIMD: "0" } });
  expect(r.status, r.stderr).toBe(0);
  return timeless(r.stdout);
}

describe("nnc compile -o: the program and its runtime module", () => {
  it("writes both (ts and js), and the pair trains as the one-file program and nnc train do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-pair-"));
    const ts = await nnc(["compile", SPIRALS, "-o", join(dir, "train.ts")]);
    expect(ts).toEqual({ code: 0, out: "", err: `wrote ${join(dir, "train.ts")} and its runtime ${join(dir, "train.runtime.ts")}\n` });
    expect((await nnc(["compile", SPIRALS, "--target", "js", "-o", join(dir, "train.mjs")])).code).toBe(0);
    const one = await nnc(["compile", SPIRALS, "--target", "js", "--single-file", "-o", join(dir, "one.mjs")]);
    expect(one.err).toBe(`wrote ${join(dir, "one.mjs")}\n`);
    // Nothing else: no temporary file left behind, no runtime for --single-file.
    expect(readdirSync(dir).sort()).toEqual(["one.mjs", "train.mjs", "train.runtime.mjs", "train.runtime.ts", "train.ts"]);

    const main = readFileSync(join(dir, "train.mjs"), "utf8");
    const runtime = readFileSync(join(dir, "train.runtime.mjs"), "utf8");
    expect(main).toMatch(/^import \{ loadSynthetic, offerRelaxedSimd, runProgramMain \} from "\.\/train\.runtime\.mjs";$/m);
    expect(main).not.toContain("// ---- runtime: ");
    expect(runtime).toMatch(/^export \{ [^}]*\brunProgramMain\b[^}]*\};$/m);
    expect(readFileSync(join(dir, "train.ts"), "utf8")).toMatch(/^import \{ [^}]*\btype CompiledModel\b[^}]*\} from "\.\/train\.runtime\.js";$/m);
    // The one-file program holds the same runtime and model code.
    const single = readFileSync(join(dir, "one.mjs"), "utf8");
    expect(single).toContain(main.slice(main.indexOf("// ---- model ----")));
    expect(single).toContain("// ---- runtime: ");
    for (const text of [main, runtime, single]) expect(text).not.toContain(dir);

    const reference = losses(process.execPath, [join(dir, "one.mjs")]);
    expect(reference.length).toBe(2);
    expect(losses(process.execPath, [join(dir, "train.mjs")])).toEqual(reference);
    expect(losses(TSX, [join(dir, "train.ts")])).toEqual(reference);
    const train = await nnc(["train", SPIRALS, "--epochs", "1", "--json"]);
    expect(train.code, train.err).toBe(0);
    expect(timeless(train.out)).toEqual(reference);
  });

  it("prints the one-file program to stdout (`-o -` or no -o): two files cannot go there", async () => {
    const r = await nnc(["compile", SPIRALS, "-o", "-", "--target", "js"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("// ---- runtime: program-main.ts ----");
    expect(r.out).not.toContain(".runtime.");
  });

  it("names the runtime after any output name, escaped where the program imports it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-pair-"));
    // A quote, an apostrophe and U+2028 (which once ended a comment) in the file name (node runs no file named with a backslash).
    const name = "a\"b'c\u2028d";
    expect((await nnc(["compile", SPIRALS, "--target", "js", "-o", join(dir, `${name}.mjs`)])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([`${name}.mjs`, `${name}.runtime.mjs`]);
    const main = readFileSync(join(dir, `${name}.mjs`), "utf8");
    expect(main).toContain(`from "./a\\"b\\'c\\u2028d.runtime.mjs";`);
    expect(main.split("\n")[1]).toBe(`// Its runtime is the module "a\\"b\\'c\\u2028d.runtime.mjs" beside it (generated with it: keep the two together).`);
    expect(losses(process.execPath, [join(dir, `${name}.mjs`)]).length).toBe(2);
  });
});
