/**
 * Issue 9, classes 13 and 14 through the CLI: what `nnc check` can know it reports (so `check` and
 * `train` agree), and a non-finite value that first appears in the backward pass is blamed on the rule
 * that computed it and the `.nn` line it differentiates, not on a parameter one step later.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordingIo, runCli } from "@nnc/cli";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "nnc-check-train-"));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo();
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

const model = (param: string, data: string): string =>
  `dim B\nmodel M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2]\n${param}  logits = x @ W\n}\ntrain M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = sgd(lr = 0.1)\n  data = ${data}\n  epochs = 1\n}\n`;

describe("check and train agree", () => {
  it("an i32 parameter and a misspelt data source fail `check` with the code `train` gives, before any step", async () => {
    const cases: [string, string, string][] = [
      [model("  param k: i32[2] = zeros()\n", "spirals(n = 100)"), "E0409", "parameter `k` is i32[2]"],
      [model("", "mnsit()"), "E0410", "did you mean `mnist()`?"],
      [model("", "spirals(n = 100, nosie = 0.1)"), "E0411", "`spirals` has no argument `nosie`"],
    ];
    for (const [i, [text, code, words]] of cases.entries()) {
      const path = file(`case${i}.nn`, text);
      for (const command of ["check", "train"]) {
        const r = await nnc(command, path);
        expect(r.status, `${command} ${code}`).toBe(1);
        expect(r.err).toContain(`error[${code}]`);
        expect(r.err).toContain(words);
        expect(r.err).not.toContain("epoch 1");
        expect(r.err).not.toMatch(/\n\s+at /);
      }
    }
  });
});

describe("a non-finite gradient", () => {
  it("names the backward rule and the forward line, at the step where it appears", async () => {
    // |z| = sqrt(z·z) at W = 0: the forward pass and the loss are finite, d|z|/dz = z/|z| is 0/0.
    const path = file(
      "abs.nn",
      "dim B\nmodel M(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2] = zeros()\n  z = x @ W\n  h = sqrt(z * z)\n  logits = h\n}\ntrain M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = sgd(lr = 0.1)\n  data = spirals(n = 100)\n  batch = 10\n}\n",
    );
    const r = await nnc("train", path);
    expect(r.status).toBe(1);
    expect(r.err).toContain("error[E0645]: a gradient became non-finite at epoch 1, step 1, though the loss is finite");
    expect(r.err).toMatch(/the first non-finite value is `dh_pre`, computed by rule `sqrt\.vjp\.0` of `h` \(line 5\)/);
    expect(r.err).toContain("abs.nn:5:3");
    expect(r.err).toContain("h = sqrt(z * z)");
    expect(r.err).not.toContain("`W`");
  });
});
