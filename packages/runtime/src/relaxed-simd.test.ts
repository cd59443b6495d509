/**
 * offerRelaxedSimd (./relaxed-simd.ts) in child processes: a V8 flag is the whole process's, so this
 * worker's engine is never changed (the test files after this one in it see the engine they started with).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engineHasRelaxedSimd, type RelaxedSimdState } from "./relaxed-simd.ts";

const REPO = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "nnc-relaxed-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The engine before and after offerRelaxedSimd, and its answer, in a fresh `node` with `flags` and NNC_RELAXED_SIMD = `env`. */
function child(flags: readonly string[], env: string | undefined): { before: boolean; state: RelaxedSimdState; after: boolean } {
  const script = join(dir, "offer.ts");
  writeFileSync(
    script,
    [
      `import { engineHasRelaxedSimd, offerRelaxedSimd } from ${JSON.stringify(join(import.meta.dirname, "relaxed-simd.ts"))};`,
      `const before = engineHasRelaxedSimd();`,
      `const state = offerRelaxedSimd();`,
      `process.stdout.write(JSON.stringify({ before, state, after: engineHasRelaxedSimd() }));`,
    ].join("\n"),
  );
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv["NNC_RELAXED_SIMD"];
  if (env !== undefined) childEnv["NNC_RELAXED_SIMD"] = env;
  const r = spawnSync(process.execPath, [...flags, "--import", "tsx", script], { cwd: REPO, env: childEnv, encoding: "utf8", timeout: 280_000 });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { before: boolean; state: RelaxedSimdState; after: boolean };
}

/** Node 22+ compiles relaxed SIMD without a flag; Node 20 (the toolchain here) only with it. */
const NATIVE = Number(process.versions.node.split(".")[0]) >= 22;

describe("offerRelaxedSimd", () => {
  it("turns relaxed SIMD on where the engine has it behind V8's flag (Node 20), and reports an engine that has it anyway as native", () => {
    expect(child([], undefined)).toEqual(NATIVE ? { before: true, state: "native", after: true } : { before: false, state: "enabled", after: true });
  });

  it("leaves the engine as it is with NNC_RELAXED_SIMD=0", () => {
    expect(child([], "0")).toEqual(NATIVE ? { before: true, state: "native", after: true } : { before: false, state: "declined", after: false });
    // Any other value offers it.
    expect(child([], "1").after).toBe(true);
  });

  it("finds the flag already given on the command line native", () => {
    expect(child(["--experimental-wasm-relaxed-simd"], "0")).toEqual({ before: true, state: "native", after: true });
  });

  it("never changes this process's engine by being imported", () => {
    expect(engineHasRelaxedSimd()).toBe(NATIVE);
  });
});
