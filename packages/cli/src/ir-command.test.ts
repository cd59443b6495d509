import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";

const MATVEC = fileURLToPath(new URL("../../../examples/matvec.nn", import.meta.url));

async function run(argv: string[]) {
  const io = recordingIo();
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("nnc ir --grad on a model without a loss", () => {
  it("is a usage error that points at `nnc grad`, not at an --of that `ir` does not take", async () => {
    const r = await run(["ir", MATVEC, "--grad"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe("");
    expect(r.err).toBe("error[E0610]: model `MatVec` has no train section, so no loss; `nnc grad FILE` differentiates a model's outputs instead\n");
    expect(r.err).not.toContain("--of");
    // What the hint promises: `nnc grad` differentiates the output of the same model.
    const grad = await run(["grad", MATVEC]);
    expect(grad.code).toBe(EXIT.ok);
    expect(grad.out).toContain("dW: f32[3, 3] = outer(db, a)");
  });
});
