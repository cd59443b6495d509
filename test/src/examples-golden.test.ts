import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { expectGolden } from "./golden.ts";

const root = join(import.meta.dirname, "..", "..");
const goldenDir = join(import.meta.dirname, "..", "golden", "examples");
const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".nn"))
  .sort();

/** Runs `nnc ARGS` in-process from the repository root (paths in the output stay relative). */
async function nnc(...args: string[]): Promise<string> {
  const io = recordingIo({ NO_COLOR: "1" });
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const status = await runCli(args, io);
    expect(io.err.join(""), `stderr of nnc ${args.join(" ")}`).toBe("");
    expect(status).toBe(0);
  } finally {
    process.chdir(cwd);
  }
  return io.out.join("");
}

describe("printed IR of every example (reviewed goldens)", () => {
  for (const file of examples) {
    const base = file.replace(/\.nn$/, "");
    it(`${file}: forward`, async () => {
      expectGolden(join(goldenDir, `${base}.forward.ir`), await nnc("ir", `examples/${file}`));
    });
    it(`${file}: backward`, async () => {
      // matvec has no loss: differentiate its output b, with a cotangent input db.
      const args = base === "matvec" ? ["--of", "b", "--wrt", "W,a"] : [];
      expectGolden(join(goldenDir, `${base}.backward.ir`), await nnc("grad", `examples/${file}`, ...args));
    });
  }
  it("matvec.nn: grad --explain answers where dW = db ⊗ a and da = Wᵀ·db come from", async () => {
    const text = await nnc("grad", "examples/matvec.nn", "--of", "b", "--wrt", "W,a", "--explain");
    expect(text).toContain("dW = db ⊗ a");
    expect(text).toContain("∂b_i/∂W_jk = δ_ij·a_k");
    expect(text).toContain("da = Wᵀ·db");
    expectGolden(join(goldenDir, "matvec.explain.txt"), text);
  });
});
