import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// These spawn the real executable (node + tsx start-up, ~0.5 s each): keep them few.
const BIN = fileURLToPath(new URL("../bin/nnc.js", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const ESC = "\u001b[";

function nnc(args: string[], extraEnv: Record<string, string> = {}) {
  const inherited = Object.entries(process.env).filter(([k]) => !["NO_COLOR", "FORCE_COLOR", "NNC_DEBUG"].includes(k));
  const env = { ...Object.fromEntries(inherited), ...extraEnv };
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, env, encoding: "utf8", timeout: 280_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Generous timeouts: on a loaded 2-core machine each start-up (tsx compiling the sources) can take seconds.
describe("bin/nnc.js", { timeout: 300_000 }, () => {
  it("prints the version and exits 0", () => {
    expect(nnc(["--version"])).toEqual({ code: 0, out: "nnc 0.1.0\n", err: "" });
  });

  it("checks an example and prints the JSON shape, exit 0", () => {
    const r = nnc(["check", "--json", "examples/matvec.nn"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { diagnostics: unknown[]; models: unknown[] };
    expect(json.diagnostics).toEqual([]);
    expect(json.models).toEqual([
      expect.objectContaining({
        name: "MatVec",
        inputs: [{ name: "a", dtype: "f32", shape: [3] }],
        outputs: [{ name: "b", dtype: "f32", shape: [3] }],
        params: [{ name: "W", dtype: "f32", shape: [3, 3] }],
      }),
    ]);
  });

  it("reports a missing file in one line without a stack trace, exit 2", () => {
    expect(nnc(["check", "examples/nope.nn"])).toEqual({ code: 2, out: "", err: "error[E0601]: cannot read `examples/nope.nn`: no such file\n" });
  });

  it("forwards exit 1 for a program with errors and colours only when FORCE_COLOR is set and NO_COLOR is not", () => {
    const bad = join(mkdtempSync(join(tmpdir(), "nnc-bin-")), "bad.nn");
    writeFileSync(bad, "model M(x: f32[3]) -> (y: f32[3]) {\n  y = x\n");
    const args = ["check", bad];
    const plain = nnc(args, { NO_COLOR: "1" });
    expect(plain.code).toBe(1);
    expect(plain.err).toContain(`error: could not check \`${bad}\``);
    expect(plain.err).not.toContain(ESC);
    expect(nnc(args, { FORCE_COLOR: "1" }).err).toContain(ESC);
  });

  it("exits 2 with a suggestion for an unknown option", () => {
    const r = nnc(["explain", "--lst"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("error[E0610]: unknown option '--lst'\n(Did you mean --list?)");
  });
});
