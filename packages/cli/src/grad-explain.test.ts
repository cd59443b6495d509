import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { recordingIo } from "./io.ts";

describe("nnc grad --explain names values stably after the passes", () => {
  it("y = a * x ^ 3, --wrt a,x: da is x³·dy under its own name, and x³ keeps its forward id", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-explain-"));
    const file = join(dir, "cube.nn");
    writeFileSync(file, "model Cube(a: f32[], x: f32[]) -> (y: f32[]) {\n  y = a * x ^ 3\n}\n");
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["grad", file, "--of", "y", "--wrt", "a,x", "--explain"], io)).toBe(0);
    const text = io.out.join("");
    expect(text.split("\n")[0]).toBe("# gradients of y in Cube: a → da (= %1), x → dx");
    expect(text).toContain(`da = %1  (after the passes, this gradient is the value %1)
    da = dy ⊙ %1
      because ∂y_i/∂a_j = δ_ij·%1_i
      rule mul.vjp.0 of y — ${file}:2  y = a * x ^ 3`);
    expect(text).toContain(`dx: f32[] = mul(a, %7)
    dx = dy_pow ⊙ %0 ⊙ x^(%0 − 1)
      because ∂%1_i/∂x_j = δ_ij·%0_i·x_i^(%0_i − 1)
      rule pow.vjp.0 of %1 — ${file}:2  y = a * x ^ 3`);
    // The forward value x³ is never shown under the gradient's name.
    expect(text).not.toMatch(/of da\b|\bdda\b|^da: /m);
  });
});
