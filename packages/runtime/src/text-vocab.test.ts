import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkpointOf, loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { TestMlp } from "./test-mlp.ts";
import { decodeIds, encodeText, MAX_VOCAB, vocabOf, vocabProblem } from "./text-vocab.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-vocab-"));

/** The JSON header of a checkpoint file. */
function header(path: string): Record<string, unknown> {
  const bytes = readFileSync(path);
  return JSON.parse(bytes.subarray(12, 12 + bytes.readUInt32LE(8)).toString("utf8")) as Record<string, unknown>;
}

describe("vocabularies", () => {
  const vocab = ["a", "b", "é", "😀"];

  it("encode code points to ids 1…V and decode them back; 0 is the boundary", () => {
    expect(encodeText(vocab, "ab😀é")).toEqual({ ids: [1, 2, 4, 3], unknown: [] });
    expect(decodeIds(vocab, [0, 1, 2, 4, 3, 0])).toBe("ab😀é");
    expect(decodeIds(vocab, Int32Array.of())).toBe("");
    expect(encodeText(vocab, "axbyx")).toEqual({ ids: [], unknown: ["x", "y"] });
    expect(() => decodeIds(vocab, [5])).toThrow("decodeIds: id 5 is outside 0…4");
    expect(() => decodeIds(vocab, [-1])).toThrow(RangeError);
  });

  it("vocabProblem accepts sorted distinct printable characters only", () => {
    expect(vocabProblem(vocab)).toBeNull();
    expect(vocabProblem([])).toBeNull();
    expect(vocabProblem(["é", "a"])).toBe('sorted by code point without repeats (entry 1 "a" follows "é")');
    expect(vocabProblem(["\t"])).toBe("a list of printable characters (entry 0 is U+0009)");
    expect(vocabProblem([1])).toBe("a list of single characters (entry 0 is 1)");
    expect(vocabProblem(Array.from({ length: MAX_VOCAB + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i)))).toBe("at most 1000 characters (it has 1001)");
  });

  it("a checkpoint keeps the vocabulary through a save and load; one without has no `vocab` at all", () => {
    const m = new TestMlp(2);
    m.initParams(1);
    const run = { source: "m.nn", epoch: 1, seed: 0, rng: [1, 2, 3, 4], lr: null };
    const withVocab = join(dir, "v.ckpt");
    saveCheckpoint(withVocab, checkpointOf(m, { ...run, vocab }));
    expect(header(withVocab)["vocab"]).toEqual(vocab);
    expect(vocabOf(loadCheckpoint(withVocab))).toEqual(vocab);
    const plain = join(dir, "p.ckpt");
    saveCheckpoint(plain, checkpointOf(m, run));
    expect(Object.hasOwn(header(plain), "vocab")).toBe(false);
    const c = loadCheckpoint(plain);
    expect(vocabOf(c)).toBeNull();
    expect(Object.hasOwn(c, "vocab")).toBe(false);
  });
});
