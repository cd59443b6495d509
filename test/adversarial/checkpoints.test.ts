/**
 * Damaged and foreign checkpoints: `train --resume` and `predict --checkpoint` refuse every one with a
 * coded diagnostic (never a silent load, a stack or a crash), and the checkpoint file is not touched.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCleanFailure, expectUnchanged, nnc, scratch, snapshot, spiralModel } from "./harness.ts";

let good: Buffer;

beforeAll(async () => {
  const dir = scratch("ckpt");
  writeFileSync(join(dir, "m.nn"), spiralModel());
  const o = await nnc(["train", join(dir, "m.nn"), "--epochs", "1", "--save", join(dir, "m.ckpt"), "--json"]);
  expect(o.status, o.err).toBe(0);
  good = readFileSync(join(dir, "m.ckpt"));
});

/** `count` bytes inverted from `at` (a fraction of the file's length). */
function flipped(at: number, count = 16): Buffer {
  const b = Buffer.from(good);
  const start = Math.min(Math.floor(at * b.length), b.length - count);
  for (let i = start; i < start + count; i++) b[i] = b[i]! ^ 0xff;
  return b;
}

function oneBit(at: number): Buffer {
  const b = Buffer.from(good);
  const i = Math.min(Math.floor(at * b.length), b.length - 1);
  b[i] = b[i]! ^ 0x01;
  return b;
}

const DAMAGE: Record<string, () => Buffer> = {
  "empty file": () => Buffer.alloc(0),
  "text file": () => Buffer.from("hello, I am not a checkpoint\n"),
  "16 bytes flipped in the header": () => flipped(0.02),
  "16 bytes flipped in the middle": () => flipped(0.5),
  "16 bytes flipped at the end": () => flipped(1),
  "one bit flipped in the weights": () => oneBit(0.8),
  "truncated to half": () => good.subarray(0, good.length >> 1),
  "truncated by one byte": () => good.subarray(0, good.length - 1),
  "one byte appended": () => Buffer.concat([good, Buffer.from([0])]),
  "first 64 bytes repeated": () => Buffer.concat([good.subarray(0, 64), good]),
};

const OTHER_MODEL = spiralModel().replace("param W: f32[2, 2]", "param W: f32[2, 2]\n  param extra: f32[3] = zeros()").replace("logits = x @ W + b", "logits = x @ W + b + sum(extra)");

describe("damaged checkpoints are refused cleanly", () => {
  for (const [name, make] of Object.entries(DAMAGE)) {
    it(`${name}: train --resume and predict refuse it`, async () => {
      const dir = scratch("ckpt");
      const src = join(dir, "m.nn");
      writeFileSync(src, spiralModel());
      writeFileSync(join(dir, "m.ckpt"), make());
      const before = snapshot(dir);
      expectCleanFailure(await nnc(["train", src, "--resume", join(dir, "m.ckpt"), "--epochs", "2"]));
      expectCleanFailure(await nnc(["predict", src, "--checkpoint", join(dir, "m.ckpt"), "--input", "spirals(n = 8)"]));
      expectUnchanged(before, snapshot(dir));
    });
  }

  it("a checkpoint of another model is refused, naming the mismatch", async () => {
    const dir = scratch("ckpt");
    const src = join(dir, "other.nn");
    writeFileSync(src, OTHER_MODEL);
    writeFileSync(join(dir, "m.ckpt"), good);
    const o = await nnc(["train", src, "--resume", join(dir, "m.ckpt"), "--epochs", "2"]);
    expectCleanFailure(o);
    expect(o.err).toContain("extra");
  });

  it("the undamaged checkpoint still resumes", async () => {
    const dir = scratch("ckpt");
    const src = join(dir, "m.nn");
    writeFileSync(src, spiralModel());
    writeFileSync(join(dir, "m.ckpt"), good);
    const o = await nnc(["train", src, "--resume", join(dir, "m.ckpt"), "--epochs", "2", "--json"]);
    expect(o.status, o.err).toBe(0);
    expect(o.out).toContain('"epoch":2');
  });
});
