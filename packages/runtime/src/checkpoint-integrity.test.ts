import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointOf, decodeCheckpoint, encodeCheckpoint, loadCheckpoint, restoreCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { thrownDataError } from "./test-errors.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-ckpt-integrity-"));

const refusal = thrownDataError;

/** A real checkpoint of a trained-looking model: params, Adam-like moments and a step count. */
function goodCheckpoint(): Buffer {
  const m = new TestMlp(4);
  m.initParams(5);
  m.optimizerState["step"]![0] = 12;
  m.optimizerState["m_W1"]![3] = 0.5;
  return Buffer.concat(encodeCheckpoint(checkpointOf(m, { source: "m.nn", epoch: 3, seed: 5, rng: [11, 22, 33, 44], lr: 0.01 })));
}

interface Parts {
  header: Record<string, unknown>;
  data: Buffer;
}

function split(bytes: Buffer): Parts {
  const h = bytes.readUInt32LE(8);
  const dataStart = Math.ceil((12 + h) / 8) * 8;
  return { header: JSON.parse(bytes.subarray(12, 12 + h).toString("utf8")) as Record<string, unknown>, data: Buffer.from(bytes.subarray(dataStart, bytes.length - 32)) };
}

/** Re-assembles a checkpoint from (edited) parts with a correct checksum: only the field checks can catch it. */
function join8(p: Parts): Buffer {
  const json = Buffer.from(JSON.stringify(p.header), "utf8");
  const pre = Buffer.alloc(Math.ceil((12 + json.length) / 8) * 8);
  pre.write("NNCKPT02", 0, "latin1");
  pre.writeUInt32LE(json.length, 8);
  json.copy(pre, 12);
  const body = Buffer.concat([pre, p.data]);
  return Buffer.concat([body, createHash("sha256").update(body).digest()]);
}

function edited(edit: (p: Parts) => void): Buffer {
  const p = split(goodCheckpoint());
  edit(p);
  return join8(p);
}

type HeaderTensor = { name: string; offset: number; shape: number[]; dtype: string; group: string };
const tensorsOf = (p: Parts): HeaderTensor[] => p.header["tensors"] as HeaderTensor[];

describe("checkpoint integrity", () => {
  it("a good checkpoint decodes to exactly what was saved", () => {
    const c = decodeCheckpoint(goodCheckpoint(), "good.ckpt");
    expect([c.epoch, c.seed, c.rng, c.lr]).toEqual([3, 5, [11, 22, 33, 44], 0.01]);
    expect(c.tensors.find((t) => t.name === "step")!.data[0]).toBe(12);
    expect(c.tensors.find((t) => t.name === "m_W1")!.data[3]).toBe(0.5);
  });

  it("refuses flipped bytes anywhere — magic excepted — naming the checksum", () => {
    const good = goodCheckpoint();
    const { data } = split(good);
    const dataStart = good.length - 32 - data.length;
    // Header length, header JSON (a digit of `epoch`, a brace), padding, parameter data, the digest itself.
    const offsets = [9, 14, 40, dataStart - 1, dataStart, dataStart + 100, good.length - 100, good.length - 1];
    for (const at of offsets) {
      const bad = Buffer.from(good);
      bad[at] = bad[at]! ^ 0x10;
      const e = refusal(() => decodeCheckpoint(bad, "flip.ckpt"));
      expect(e.code, `byte ${at}`).toBe("E0650");
      expect(e.message, `byte ${at}`).toMatch(/^the checkpoint `flip\.ckpt` is damaged: .*SHA-256 checksum does not match/);
    }
    const sixteen = Buffer.from(good);
    for (let i = 0; i < 16; i++) sixteen[dataStart + 8 * i] = sixteen[dataStart + 8 * i]! ^ 0xff;
    expect(refusal(() => decodeCheckpoint(sixteen, "flip.ckpt")).code).toBe("E0650");
  });

  it("refuses a checkpoint of the older format 1, saying so", () => {
    const old = Buffer.from(goodCheckpoint());
    old.write("NNCKPT01", 0, "latin1");
    const e = refusal(() => decodeCheckpoint(old, "old.ckpt"));
    expect(e.code).toBe("E0640");
    expect(e.message).toBe("`old.ckpt` was written by an older nnc (checkpoint format 1, without a checksum); this nnc reads format 2");
    expect(e.help).toContain("train again with --save");
  });

  const cases: [string, (p: Parts) => void, string][] = [
    ["negative epoch", (p) => { p.header["epoch"] = -5; }, "its header field `epoch` is -5; it must be a whole number ≥ 0"],
    ["fractional epoch", (p) => { p.header["epoch"] = 1.5; }, "its header field `epoch` is 1.5; it must be a whole number ≥ 0"],
    ["negative seed", (p) => { p.header["seed"] = -1; }, "its header field `seed` is -1; it must be a whole number ≥ 0"],
    ["short rng", (p) => { p.header["rng"] = [1, 2, 3]; }, "its header field `rng` is [1,2,3]; it must be four unsigned 32-bit integers"],
    ["negative rng", (p) => { p.header["rng"] = [1, 2, 3, -4]; }, "its header field `rng` is [1,2,3,-4]"],
    ["zero rng", (p) => { p.header["rng"] = [0, 0, 0, 0]; }, "not all zero"],
    ["negative lr", (p) => { p.header["lr"] = -0.1; }, "its header field `lr` is -0.1; it must be null or a number > 0"],
    ["missing model", (p) => { delete p.header["model"]; }, "its header field `model` is missing"],
    ["unknown version", (p) => { p.header["version"] = 3; }, "its header field `version` is 3"],
    ["unknown dtype", (p) => { tensorsOf(p)[0]!.dtype = "f16"; }, 'tensor 0 (`W1`): its `dtype` is "f16"; it must be "f32" or "f64"'],
    ["unknown group", (p) => { tensorsOf(p)[1]!.group = "grad"; }, 'tensor 1 (`b1`): its `group` is "grad"; it must be "param", "optimizer" or "buffer"'],
    ["negative dim", (p) => { tensorsOf(p)[0]!.shape = [2, -16]; }, "tensor 0 (`W1`): its `shape` is [2,-16]; it must be a list of whole numbers ≥ 0"],
    ["negative offset", (p) => { tensorsOf(p)[1]!.offset = -8; }, "tensor 1 (`b1`): its `offset` -8 is negative"],
    ["unaligned offset", (p) => { tensorsOf(p)[1]!.offset += 4; }, "is not a multiple of 8"],
    ["offset past the end", (p) => { tensorsOf(p)[2]!.offset = p.data.length; }, "tensor 2 (`W2`): its data (shape [16, 16], f64: 2,048 bytes at offset"],
    ["overlapping offsets", (p) => { tensorsOf(p)[2]!.offset = tensorsOf(p)[1]!.offset; }, "overlaps tensor"],
    ["a tensor twice", (p) => { tensorsOf(p)[1]!.name = "W1"; }, 'tensor 1 (`W1`): it is listed twice in group "param"'],
    ["a name that breaks lines", (p) => { tensorsOf(p)[1]!.name = "b1\nerror: fake"; }, 'tensor 1: its `name` "b1\\nerror: fake" contains control or line-breaking characters'],
    ["a name with a bidi control", (p) => { tensorsOf(p)[1]!.name = "b1\u202e"; }, "tensor 1: its `name`"],
    ["a model name with an escape", (p) => { p.header["model"] = "M\u001b[2J"; }, "its header field `model` is"],
    ["a wrong dataBytes", (p) => { p.header["dataBytes"] = p.data.length + 8; }, "its header describes"],
    ["a vocab that is not a list", (p) => { p.header["vocab"] = "abc"; }, "its header field `vocab` must be a list of characters (byte offset 12)"],
    ["a vocab entry of two characters", (p) => { p.header["vocab"] = ["a", "bc"]; }, 'its header field `vocab` must be a list of single characters (entry 1 is "bc")'],
    ["a vocab out of order", (p) => { p.header["vocab"] = ["b", "a"]; }, 'its header field `vocab` must be sorted by code point without repeats (entry 1 "a" follows "b")'],
    ["a vocab entry twice", (p) => { p.header["vocab"] = ["a", "a"]; }, "sorted by code point without repeats"],
    ["a vocab with an escape", (p) => { p.header["vocab"] = ["a", "\u001b"]; }, "its header field `vocab` must be a list of printable characters (entry 1 is U+001B)"],
    ["a vocab with a bidi control", (p) => { p.header["vocab"] = ["a", "\u202e"]; }, "(entry 1 is U+202E)"],
    ["NaN in a parameter", (p) => { p.data.writeDoubleLE(NaN, tensorsOf(p)[0]!.offset + 8); }, "parameter `W1` holds NaN at element 1"],
    ["Infinity in a parameter", (p) => { p.data.writeDoubleLE(-Infinity, tensorsOf(p)[1]!.offset); }, "parameter `b1` holds -Infinity at element 0"],
    ["negative step", (p) => { p.data.writeDoubleLE(-3, tensorsOf(p).find((t) => t.name === "step")!.offset); }, "optimizer state `step` holds -3 at element 0; a step count is a whole number ≥ 0"],
  ];
  for (const [what, edit, message] of cases) {
    it(`refuses ${what} with a correct checksum, naming the check`, () => {
      const e = refusal(() => decodeCheckpoint(edited(edit), "bad.ckpt"));
      expect(e.code).toBe("E0640");
      expect(e.message).toContain("`bad.ckpt` is not a valid nnc checkpoint: ");
      expect(e.message).toContain(message);
    });
  }

  it("an edit that keeps every rule still loads (the edits above are the only cause)", () => {
    const c = decodeCheckpoint(edited((p) => { p.header["epoch"] = 7; }), "ok.ckpt");
    expect(c.epoch).toBe(7);
  });

  it("a saved checkpoint restores every value exactly after the checks", () => {
    const a = new TestMlp(4);
    a.initParams(9);
    a.optimizerState["step"]![0] = 3;
    const path = join(dir, "exact.ckpt");
    saveCheckpoint(path, checkpointOf(a, { source: "x.nn", epoch: 2, seed: 9, rng: [1, 2, 3, 4], lr: null }));
    const bytes = readFileSync(path);
    expect(createHash("sha256").update(bytes.subarray(0, bytes.length - 32)).digest().equals(bytes.subarray(bytes.length - 32))).toBe(true);
    const b = new TestMlp(4);
    restoreCheckpoint(b, loadCheckpoint(path), path, true);
    for (const [k, v] of Object.entries(a.params)) expect(Array.from(b.params[k]!)).toEqual(Array.from(v));
    for (const [k, v] of Object.entries(a.optimizerState)) expect(Array.from(b.optimizerState[k]!)).toEqual(Array.from(v));
    writeFileSync(join(dir, "copy.ckpt"), bytes);
    expect(loadCheckpoint(join(dir, "copy.ckpt")).epoch).toBe(2);
  });
});
