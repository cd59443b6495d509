import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
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
    // x³ is the anonymous forward value %1: the header and every formula write it by its display name, y_pow.
    expect(text.split("\n")[0]).toBe("# gradients of y in Cube: a → da (= y_pow), x → dx");
    expect(text).toContain(`da = y_pow  (after the passes, this gradient is the value y_pow)
    da = dy ⊙ y_pow
      because ∂y_i/∂a_j = δ_ij·y_pow_i
      rule mul.vjp.0 of y — ${file}:2  y = a * x ^ 3`);
    expect(text).toContain(`dx: f32[] = mul(a, dx_mul)
    dx = dy_pow ⊙ y_pow_const ⊙ x^(y_pow_const − 1)
      because ∂y_pow_i/∂x_j = δ_ij·y_pow_const_i·x_i^(y_pow_const_i − 1)
      rule pow.vjp.0 of y_pow — ${file}:2  y = a * x ^ 3`);
    expect(text).not.toMatch(/%\d/);
    // The forward value x³ is never shown under the gradient's name.
    expect(text).not.toMatch(/of da\b|\bdda\b|^da: /m);
  });
});

describe("nnc grad --explain of a fan-out", () => {
  async function explain(text: string): Promise<string> {
    const file = join(mkdtempSync(join(tmpdir(), "nnc-explain-")), "fanout.nn");
    writeFileSync(file, text);
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["grad", file, "--of", "y", "--wrt", "x", "--explain"], io)).toBe(0);
    return io.out.join("");
  }

  it("y = x + x + x over a scalar: the passes fold the seed dy = 1 and the sum to dx = 3, which still counts x's three uses", async () => {
    const text = await explain("model M(x: f32[]) -> (y: f32[]) {\n  y = x + x + x\n}\n");
    // y_add is `x + x`, the anonymous add inside y.
    expect(text).toContain("dx: f32[] = const() {value=3}\n    dx = Σ of the cotangents from the 3 uses of x (in y, y_add)\n");
    expect(text).not.toContain("0 uses");
  });

  it("y = sin(x) + 2 * x + 3 * x: the partial sum folded to 5 counts the two uses in the products", async () => {
    const text = await explain("model M(x: f32[]) -> (y: f32[]) {\n  y = sin(x) + 2 * x + 3 * x\n}\n");
    expect(text).toContain("dx_const: f32[] = const() {value=5}\n    dx_const = Σ of the cotangents from the 2 uses of x (in y_mul, y_mul_2)\n");
    expect(text).toContain("dx: f32[] = add(dx_const, dx_via_y_sin)\n    dx = Σ of the cotangents from the 3 uses of x (in y_mul, y_mul_2, y_sin)\n");
  });

  it("sum(x + x + x) over a vector: three uses, in the adds", async () => {
    const text = await explain("model M(x: f32[3]) -> (y: f32[]) {\n  y = sum(x + x + x)\n}\n");
    expect(text).toContain("dx = Σ of the cotangents from the 3 uses of x (in y_pre, y_add)\n");
  });

  it("y = x + x + x over a vector: each partial sum names the users whose contributions it adds, not y's cotangent dy", async () => {
    const text = await explain("model M(x: f32[3]) -> (y: f32[3]) {\n  y = x + x + x\n}\n");
    expect(text).toContain("dx_add: f32[3] = add(dy, dy)\n    dx_add = Σ of the cotangents from the 2 uses of x (in y, y_add)\n");
    expect(text).toContain("dx: f32[3] = add(dx_add, dy)\n    dx = Σ of the cotangents from the 3 uses of x (in y, y_add)\n");
  });
});

/** `hs = scan(rnn_step, xs, init = h0)` over `steps` steps, differentiated w.r.t. the shared params. */
function rnnSource(steps: number): string {
  return `dim B

block rnn_step(x: f32[B, 3], h: f32[B, 4]) -> f32[B, 4] {
  param Wx: f32[3, 4]
  param Wh: f32[4, 4]
  param b: f32[4] = zeros()
  return tanh(x @ Wx + h @ Wh + b)
}

model Rnn(xs: f32[B, ${steps}, 3], h0: f32[B, 4]) -> (y: f32[B, 4]) {
  hs = scan(rnn_step, xs, init = h0, axis = 1)
  y = hs[:, -1]
}
`;
}

describe("nnc grad --explain of a scan", () => {
  async function explainRnn(steps: number, ...flags: string[]): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "nnc-explain-"));
    const file = join(dir, `rnn${steps}.nn`);
    writeFileSync(file, rnnSource(steps));
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["grad", file, "--of", "y", "--explain", ...flags], io)).toBe(0);
    return io.out.join("");
  }

  it("shows one step's rules once with the step count: as many lines for 64 steps as for 4", async () => {
    const [t64, t4] = [await explainRnn(64), await explainRnn(4)];
    expect(t64).toContain("steps 63 … 0 of hs (64 steps): the same rules for each step; shown for step 63:\n");
    expect(t64.split("\n").length).toBe(t4.split("\n").length);
    expect(t64.split("\n").length).toBeLessThan(120);
    // Each shared parameter's gradient is stated once, as a sum over the steps.
    for (const w of ["Wx", "Wh", "b"]) {
      expect(t64.match(new RegExp(`^ {4}dhs\\.${w} = Σ_t of the cotangents from the 64 uses of hs\\.${w} in the 64 steps of hs$`, "gm"))?.length).toBe(1);
    }
    expect(t64).not.toMatch(/"dhs\[62\]\./);
  });

  it("--all-steps shows every step's statements", async () => {
    const text = await explainRnn(6, "--all-steps");
    expect(text).not.toContain("the same rules for each step");
    // Every step's tanh rule is there: one statement block per step.
    expect(new Set(text.match(/\btanh\.vjp\.0 of \S+/g)).size).toBe(6);
  });

  it("keeps gradients of values outside the steps in view (examples/seq-lstm.nn: dh_init feeds step 0)", async () => {
    const io = recordingIo({ NO_COLOR: "1" });
    const file = fileURLToPath(new URL("../../../examples/seq-lstm.nn", import.meta.url));
    expect(await runCli(["grad", file, "--explain"], io)).toBe(0);
    const text = io.out.join("");
    expect(text).toContain("steps 7 … 0 of hs (8 steps): the same rules for each step; shown for step 7:\n");
    for (const g of ["dh_init", "dc_init", "dE", "dWo", "dbo", "dhs.Wx", "dhs.Wh", "dhs.b"]) expect(text).toMatch(new RegExp(`^${g.replace(".", "\\.")}: f32\\[`, "m"));
    expect(text.split("\n").length).toBeLessThan(300);
  });

  it("a repeat's per-application gradients are counted under the group, named in its last line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-explain-"));
    const file = join(dir, "deep.nn");
    writeFileSync(file, "dim B\n\nblock layer(x: f32[B, 4]) -> f32[B, 4] {\n  param W: f32[4, 4]\n  return relu(x @ W)\n}\n\nmodel Deep(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = x |> repeat(layer, times = 12)\n}\n");
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["grad", file, "--of", "y", "--explain"], io)).toBe(0);
    const text = io.out.join("");
    expect(text).toContain("steps 11 … 0 of y (12 steps): the same rules for each step; shown for step 11:\n");
    expect(text).toMatch(/^ {2}dy\.11\.W: f32\[4, 4\] = matmul/m);
    expect(text).toMatch(/^ {2}… \d+ more statements of the other steps apply the rules above; among them the gradients dy\.10\.W, dy\.9\.W, dy\.8\.W, dy\.7\.W, dy\.6\.W, dy\.5\.W, dy\.4\.W, dy\.3\.W, …$/m);
    // The header lists 16 gradients at most.
    expect(text.split("\n")[0]).toBe("# gradients of y in Deep: y.0.W → dy.0.W, y.1.W → dy.1.W, y.2.W → dy.2.W, y.3.W → dy.3.W, y.4.W → dy.4.W, y.5.W → dy.5.W, y.6.W → dy.6.W, y.7.W → dy.7.W, y.8.W → dy.8.W, y.9.W → dy.9.W, y.10.W → dy.10.W, y.11.W → dy.11.W");
  });
});
