/**
 * Resource bombs, run against the real executable under a memory watchdog: huge parameters and batches,
 * a gzip bomb, endless streams and FIFOs as source or data, a large CSV. Each ends in a coded refusal
 * (or, for the CSV, a bounded run) well under the cap — never by exhausting the machine or hanging.
 */
import { execFileSync } from "node:child_process";
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { expectCleanFailure, scratch, spawnNnc, spiralModel, type SpawnOutcome } from "./harness.ts";

/** Resident memory the whole process tree may reach (node, tsx and the compiler take ≈ 300 MiB). */
const CAP_MIB = 1200;
const TIMEOUT_MS = 90_000;

function expectBoundedRefusal(o: SpawnOutcome): void {
  expect(o.overCap, `went past ${CAP_MIB} MiB (peak ${o.peakMiB.toFixed(0)} MiB)`).toBe(false);
  expect(o.overTime, `still running after ${TIMEOUT_MS} ms; stderr: ${o.err.slice(0, 500)}`).toBe(false);
  expectCleanFailure(o);
}

function run(args: string[], cwd?: string, env?: Record<string, string>): Promise<SpawnOutcome> {
  return spawnNnc(args, { capMiB: CAP_MIB, timeoutMs: TIMEOUT_MS, ...(cwd === undefined ? {} : { cwd }), ...(env === undefined ? {} : { env }) });
}

/**
 * A gzip bomb: an IDX header for ten 28×28 images, then `mib` MiB of zeros, as concatenated gzip
 * members (each 16 MiB of zeros compresses to ≈ 16 KiB), so the file is small and cheap to make.
 */
function idxBomb(path: string, mib: number): void {
  const header = Buffer.from([0, 0, 0x08, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28]);
  const zeros = gzipSync(Buffer.alloc(16 << 20), { level: 9 });
  const fd = openSync(path, "w");
  writeSync(fd, gzipSync(header));
  for (let i = 0; i < mib / 16; i++) writeSync(fd, zeros);
  closeSync(fd);
}

const BIG_PARAMS = spiralModel().replace("param W: f32[2, 2] = glorot_uniform()", "param W: f32[2, 2] = glorot_uniform()\n  param big: f32[30000, 30000] = zeros()").replace("logits = x @ W + b", "logits = x @ W + b + sum(big)");

describe("resource bombs end in a bounded, coded refusal", () => {
  it("f32[30000, 30000] parameters: train and compile refuse before allocating 3.6 GB", async () => {
    const dir = scratch("res");
    writeFileSync(join(dir, "m.nn"), BIG_PARAMS);
    expectBoundedRefusal(await run(["train", join(dir, "m.nn")]));
    expectBoundedRefusal(await run(["compile", join(dir, "m.nn"), "-o", join(dir, "m.ts")]));
  });

  it("--batch 1e9 and batch = 1e12: refused, or capped at the data's size — bounded either way", async () => {
    const dir = scratch("res");
    writeFileSync(join(dir, "m.nn"), spiralModel());
    writeFileSync(join(dir, "b.nn"), spiralModel().replace("batch     = 16", "batch     = 1e12"));
    for (const args of [["train", join(dir, "m.nn"), "--batch", "1000000000"], ["train", join(dir, "b.nn")]]) {
      const o = await run(args);
      expect(o.overCap || o.overTime, `peak ${o.peakMiB.toFixed(0)} MiB`).toBe(false);
      if (o.status === 0) expect(o.err).not.toMatch(/E0900|\n\s+at /);
      else expectCleanFailure(o);
    }
  });

  it("spirals(n = 1e12) is refused", async () => {
    const dir = scratch("res");
    writeFileSync(join(dir, "m.nn"), spiralModel("spirals(n = 1e12)"));
    expectBoundedRefusal(await run(["train", join(dir, "m.nn")]));
  });

  it("a 1 GiB gzip bomb behind a ten-image IDX header is refused without inflating it", async () => {
    const dir = scratch("res");
    idxBomb(join(dir, "x-idx3-ubyte.gz"), 1024);
    writeFileSync(join(dir, "y-idx1-ubyte"), Buffer.from([0, 0, 0x08, 1, 0, 0, 0, 10, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]));
    writeFileSync(join(dir, "m.nn"), spiralModel('idx("x-idx3-ubyte.gz", "y-idx1-ubyte")'));
    expectBoundedRefusal(await run(["train", join(dir, "m.nn")]));
  });

  it("/dev/zero as the source is refused at once", async () => {
    expectBoundedRefusal(await run(["check", "/dev/zero"]));
  });

  it("/dev/zero as a data file is refused", async () => {
    const dir = scratch("res");
    writeFileSync(join(dir, "m.nn"), spiralModel('csv("/dev/zero")'));
    expectBoundedRefusal(await run(["train", join(dir, "m.nn")]));
  });

  it("a FIFO as the source is refused, not waited on", async () => {
    const dir = scratch("res");
    execFileSync("mkfifo", [join(dir, "m.nn")]);
    expectBoundedRefusal(await run(["check", join(dir, "m.nn")]));
  });

  it("a FIFO as a data file is refused, not waited on", async () => {
    const dir = scratch("res");
    execFileSync("mkfifo", [join(dir, "d.csv")]);
    writeFileSync(join(dir, "m.nn"), spiralModel('csv("d.csv")'));
    expectBoundedRefusal(await run(["train", join(dir, "m.nn")]));
  });

  it("a 10 MB CSV is read in bounded memory (its bad last label is found after the whole parse)", async () => {
    const dir = scratch("res");
    const rows: string[] = ["a,b,label"];
    for (let i = 0; i < 600_000; i++) rows.push(`${(i % 1000) / 7},${(i % 777) / 3},${i % 2}`);
    rows.push("1,2,9");
    writeFileSync(join(dir, "d.csv"), rows.join("\n") + "\n");
    writeFileSync(join(dir, "m.nn"), spiralModel('csv("d.csv")'));
    const o = await run(["train", join(dir, "m.nn")]);
    expectBoundedRefusal(o);
    expect(o.err).toContain("E0631");
  });
});
