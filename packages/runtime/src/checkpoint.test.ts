import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atomicWrite } from "./atomic-write.ts";
import { checkpointOf, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { thrownDataError } from "./test-errors.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-ckpt-"));

const refusal = thrownDataError;

describe("checkpoints", () => {
  it("round-trip params, optimizer state and the run position exactly", () => {
    const a = new TestMlp(4);
    a.initParams(3);
    a.optimizerState["step"]![0] = 17;
    a.optimizerState["m_W1"]![5] = 0.125;
    const path = join(dir, "a.ckpt");
    saveCheckpoint(path, checkpointOf(a, { source: "x.nn", epoch: 4, seed: 3, rng: [1, 2, 3, 4], lr: 0.01 }));
    expect(readFileSync(path).subarray(0, 8).toString("latin1")).toBe("NNCKPT02");
    const c = loadCheckpoint(path);
    expect([c.model, c.source, c.epoch, c.seed, c.rng, c.lr]).toEqual(["TestMlp", "x.nn", 4, 3, [1, 2, 3, 4], 0.01]);
    const b = new TestMlp(8);
    restoreCheckpoint(b, c, path, true);
    for (const [k, v] of Object.entries(a.params)) expect(Array.from(b.params[k]!)).toEqual(Array.from(v));
    for (const [k, v] of Object.entries(a.optimizerState)) expect(Array.from(b.optimizerState[k]!)).toEqual(Array.from(v));
  });

  it("refuses a checkpoint of another model or with other shapes, naming the mismatch", () => {
    const a = new TestMlp(4, [2, 16, 16, 2]);
    const c = checkpointOf(a, { source: "x.nn", epoch: 1, seed: 0, rng: [1, 2, 3, 4], lr: null });
    const other = new TestMlp(4, [2, 16, 16, 2], "Other");
    expect(refusal(() => { restoreCheckpoint(other, c, "a.ckpt", false); }).message).toBe("the checkpoint `a.ckpt` does not fit model `Other`: it was saved from model `TestMlp`, not `Other`");
    const wider = new TestMlp(4, [2, 32, 16, 2]);
    const e = refusal(() => { restoreCheckpoint(wider, c, "a.ckpt", false); });
    expect(e.code).toBe("E0641");
    expect(e.message).toBe(
      "the checkpoint `a.ckpt` does not fit model `TestMlp`: parameter `W1` has shape [2, 16] in the checkpoint, but [2, 32] in the model; parameter `b1` has shape [16] in the checkpoint, but [32] in the model; parameter `W2` has shape [16, 16] in the checkpoint, but [32, 16] in the model",
    );
    const deeper = new TestMlp(4, [2, 16, 16, 16, 2]);
    expect(refusal(() => { restoreCheckpoint(deeper, c, "a.ckpt", false); }).message).toContain("parameter `W4` is missing");
  });

  it("lists at most five problems, and words its help for the command that loads", () => {
    const c = checkpointOf(new TestMlp(4, [2, 16, 16, 2]), { source: "x.nn", epoch: 1, seed: 0, rng: [1, 2, 3, 4], lr: null });
    // W3, b3 change shape and W4…b6 are missing: 8 problems.
    const e = refusal(() => { restoreCheckpoint(new TestMlp(4, [2, 16, 16, 16, 16, 16, 2]), c, "a.ckpt", false); });
    expect(e.message.split("; ")).toHaveLength(6);
    expect(e.message).toMatch(/; and 3 more$/);
    expect(e.help).toBe("load a checkpoint saved (`nnc train --save`) from this model with the same shapes");
    const resumed = refusal(() => { restoreCheckpoint(new TestMlp(4, [2, 32, 16, 2]), c, "a.ckpt", true); });
    expect(resumed.help).toContain("train afresh without --resume");
  });

  it("rejects files that are not checkpoints, and truncated ones as damaged", () => {
    expect(refusal(() => decodeCheckpoint(new Uint8Array([1, 2, 3]), "x.bin")).message).toBe('`x.bin` is not a valid nnc checkpoint: it does not start with "NNCKPT02" (byte offset 0)');
    const a = new TestMlp(2);
    const whole = Buffer.concat(encodeCheckpoint(checkpointOf(a, { source: "", epoch: 0, seed: 0, rng: [1, 2, 3, 4], lr: null })));
    const e = refusal(() => decodeCheckpoint(whole.subarray(0, whole.length - 40), "cut.ckpt"));
    expect(e.code).toBe("E0650");
    expect(e.message).toBe(`the checkpoint \`cut.ckpt\` is damaged: it is ${(whole.length - 40).toLocaleString("en-US")} bytes, but its header describes ${whole.length.toLocaleString("en-US")} bytes (truncated or extended), and its SHA-256 checksum does not match`);
    expect(refusal(() => decodeCheckpoint(whole.subarray(0, 20), "tiny.ckpt")).message).toBe("the checkpoint `tiny.ckpt` is damaged: it is truncated: 20 bytes, too short to hold a header and a checksum");
    expect(refusal(() => loadCheckpoint(join(dir, "nope.ckpt"))).message).toBe(`cannot read the checkpoint \`${join(dir, "nope.ckpt")}\`: no such file`);
  });
});
describe("atomic writes", () => {
  it("replaces the file only when the whole content was written", () => {
    const path = join(dir, "atomic.txt");
    writeFileSync(path, "old content");
    function* failing(): Generator<string> {
      yield "new ";
      throw new Error("disk on fire");
    }
    const e = refusal(() => { atomicWrite(path, failing()); });
    expect(e.code).toBe("E0642");
    expect(e.message).toBe(`cannot write \`${path}\`: disk on fire`);
    expect(readFileSync(path, "utf8")).toBe("old content");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    atomicWrite(path, ["new ", "content"]);
    expect(readFileSync(path, "utf8")).toBe("new content");
  });

  it("reports a folder that does not exist", () => {
    const path = join(dir, "no-such-dir", "x.ckpt");
    expect(refusal(() => { atomicWrite(path, ["x"]); }).message).toBe(`cannot write \`${path}\`: no such folder \`${join(dir, "no-such-dir")}\``);
    expect(existsSync(path)).toBe(false);
  });
});
