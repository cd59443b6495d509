import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { runCli } from "../cli.ts";
import { EXIT } from "../command-module.ts";
import { recordingIo } from "../io.ts";
import { tempDir } from "../temp-dir-support.ts";

// Linear regression with sgd(lr = 10): each step multiplies the error by about −(2·lr·|x|² − 1), so the
// loss overflows f32 in epoch 8 (seed 0) — an error after 7 completed epochs, the same on every run.
const SOURCE = `dim B
model Lin(x: f32[B, 2]) -> (y: f32[B, 1]) {
  param W: f32[2, 1] = zeros()
  y = x @ W
}
train Lin {
  input label: f32[B, 1]
  loss = mean((y - label) * (y - label))
  optimizer = sgd(lr = 10)
  data = csv("d.csv", label = "t", val = 0)
  batch = 4
  epochs = 10
}
`;

it("a run that fails after some epochs leaves its page marked stopped early, with the error and every completed epoch", async () => {
  const dir = tempDir("nnc-report-stopped-", onTestFinished);
  writeFileSync(join(dir, "d.csv"), "a,b,t\n1,0.5,1\n0.8,1,2\n1,1,0\n0.9,0.2,1\n1,0.7,3\n0.6,1,1\n1,0.1,2\n0.7,0.9,0\n");
  writeFileSync(join(dir, "div.nn"), SOURCE);
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(["train", join(dir, "div.nn"), "--report", join(dir, "r.html")], io);
  const err = io.err.join("");
  expect(code).toBe(EXIT.programErrors);
  const done = [...err.matchAll(/^epoch +(\d+)\/10/gm)].map((m) => Number(m[1]));
  expect(done).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(err).toContain(`error[E0645]: the loss became Infinity at epoch ${done.length + 1}, step 1`);
  expect(err).not.toContain("report written");
  const html = readFileSync(join(dir, "r.html"), "utf8");
  expect(html).toContain(`<strong>Stopped early</strong> after epoch ${done.length} of 10: error E0645: the loss became Infinity at epoch ${done.length + 1}, step 1`);
  expect(html.match(/data-series="training loss"[^]*?<\/g>/)?.[0].match(/<circle class="point"/g)?.length).toBe(done.length);
  // One logit per example against a float target counts as binary accuracy (metrics.ts), so there is a
  // matrix: on the 8 training rows (val = 0), measured for the last page written before the failure.
  expect(html).toContain('<table class="confusion" data-split="training" data-rows="8">');
});
