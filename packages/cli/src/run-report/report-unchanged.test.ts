import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runCli } from "../cli.ts";
import { EXIT } from "../command-module.ts";
import { recordingIo } from "../io.ts";
import { tempDir } from "../temp-dir-support.ts";

// A model whose inference differs from training: batch_norm (running statistics, buffers) and dropout
// (a mask drawn from the run's random stream). The report's confusion matrix runs forward passes in
// inference mode between epochs; they must change neither the parameters, the buffers, the random
// stream nor any metric.
const SOURCE = `dim B
model Net(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W1: f32[2, 16] = he_uniform()
  param W2: f32[16, 2] = he_uniform()
  h = dropout(relu(batch_norm(x @ W1)), 0.3)
  logits = h @ W2
}
train Net {
  input label: i32[B]
  loss = mean(cross_entropy(logits, label))
  optimizer = adam(lr = 0.01)
  data = spirals(n = 64)
  batch = 16
  epochs = 2
}
`;

const dir = tempDir("nnc-report-unchanged-", afterAll);
const file = join(dir, "net.nn");
writeFileSync(file, SOURCE);

/** `nnc train --json --save` (+ ARGS): the epoch lines without the timing key, and the checkpoint's bytes. */
async function train(name: string, args: readonly string[]): Promise<{ lines: unknown[]; checkpoint: Buffer }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const save = join(dir, `${name}.ckpt`);
  expect(await runCli(["train", file, "--json", "--save", save, ...args], io)).toBe(EXIT.ok);
  const lines = io.out.join("").trim().split("\n").map((l) => JSON.parse(l, (key, value: unknown) => (key === "seconds" ? undefined : value)) as unknown);
  return { lines, checkpoint: readFileSync(save) };
}

it("--report changes nothing about training: the same metrics every epoch and the same final checkpoint", async () => {
  const plain = await train("plain", []);
  const reported = await train("reported", ["--report", join(dir, "r.html")]);
  expect(plain.lines).toHaveLength(3);
  expect(reported.lines).toEqual(plain.lines);
  expect(reported.checkpoint.equals(plain.checkpoint)).toBe(true);
  // The page was measured (after epoch 1 and at the end): the forward passes did run.
  expect(readFileSync(join(dir, "r.html"), "utf8")).toContain('<table class="confusion" data-split="validation" data-rows="13">');
});
