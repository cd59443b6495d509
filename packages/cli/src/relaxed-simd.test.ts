/**
 * `nnc` runs the programs it trains on relaxed SIMD where V8 can: nodeIo's prepareEngine (the
 * executable's io; a test's recording io has none) offers it (@nnc/runtime relaxed-simd.ts) just before
 * a program is loaded, and a command that loads none leaves the engine, and the code caches of the
 * bundle's parts, as they were. In child processes: a V8 flag is the whole process's.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nnc-cli-relaxed-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the engine compiles relaxed SIMD before and after `nnc ARGV` run by runMain, in a fresh process with NNC_RELAXED_SIMD = `env`. */
function afterRunMain(argv: readonly string[], env: string | undefined): { before: boolean; after: boolean; status: number | undefined } {
  const script = join(dir, "run.mts");
  writeFileSync(
    script,
    [
      `import { engineHasRelaxedSimd } from ${JSON.stringify(fileURLToPath(new URL("../../runtime/src/relaxed-simd.ts", import.meta.url)))};`,
      `import { runMain } from ${JSON.stringify(fileURLToPath(new URL("./run-main.ts", import.meta.url)))};`,
      `const before = engineHasRelaxedSimd();`,
      `await runMain(${JSON.stringify(argv)});`,
      `process.stderr.write(JSON.stringify({ before, after: engineHasRelaxedSimd(), status: process.exitCode }));`,
    ].join("\n"),
  );
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv["NNC_RELAXED_SIMD"];
  if (env !== undefined) childEnv["NNC_RELAXED_SIMD"] = env;
  const r = spawnSync(process.execPath, ["--conditions=@nnc/source", "--import", "tsx", script], { cwd: REPO, env: childEnv, encoding: "utf8", timeout: 280_000 });
  // The report is the last line of stderr (train writes its header line there first).
  return JSON.parse(r.stderr.trimEnd().split("\n").at(-1)!) as { before: boolean; after: boolean; status: number | undefined };
}

const NATIVE = Number(process.versions.node.split(".")[0]) >= 22;

const TRAIN = ["train", "examples/spirals.nn", "--epochs", "1", "--json"];

describe("nnc and relaxed SIMD", () => {
  it("turns it on before the program nnc train loads (Node 20), unless NNC_RELAXED_SIMD=0", () => {
    expect(afterRunMain(TRAIN, undefined)).toEqual({ before: NATIVE, after: true, status: 0 });
    expect(afterRunMain(TRAIN, "0")).toEqual({ before: NATIVE, after: NATIVE, status: 0 });
  });

  it("leaves the engine as it is for a command that loads no program (nnc check: the bundle's code caches stay valid)", () => {
    expect(afterRunMain(["check", "examples/matvec.nn"], undefined)).toEqual({ before: NATIVE, after: NATIVE, status: 0 });
  });
});
