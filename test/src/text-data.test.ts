/**
 * Text data end to end: `nnc train` on a 60-line file prints the split, the bigram baseline, the
 * per-epoch validation cross-entropy per character and the closing comparison, and saves the
 * vocabulary in its checkpoint; a vocabulary larger than the model is E0637; a compiled program
 * trains on the same file; names() is the shipped corpus.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordingIo, runCli } from "@nnc/cli";
import { checkSource } from "@nnc/compiler";
import { loadCheckpoint, loadData, textInfoOf, vocabOf } from "@nnc/runtime";
import { describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const BIN = join(REPO, "packages", "cli", "bin", "nnc.js");
const dir = mkdtempSync(join(tmpdir(), "nnc-text-e2e-"));

// 60 lines over the letters a–e (vocabulary 5 + boundary = 6 symbols), 1–7 characters each, fixed.
const WORDS = Array.from({ length: 60 }, (_, i) => Array.from({ length: 1 + ((i * 7) % 7) }, (_, j) => "abcde"[(i * 3 + j * (i % 4 + 1)) % 5]).join(""));
writeFileSync(join(dir, "words.txt"), `${WORDS.join("\n")}\n`);

/** A bigram language model: row x of E scores the next character; the masked mean cross-entropy. */
function model(classes: number): string {
  return `dim B

model Bigram(x: i32[B, 8]) -> (logits: f32[B, 8, ${classes}]) {
  param E: f32[${classes}, ${classes}] = zeros()
  logits = take(E, x)
}

train Bigram {
  input y: i32[B, 8]
  input mask: f32[B, 8]
  loss      = sum(cross_entropy(logits, y) * mask) / sum(mask)
  optimizer = adam(lr = 0.1)
  data      = chars("words.txt", context = 8, val = 0.2, seed = 1)
  batch     = 8
  epochs    = 1
}
`;
}
writeFileSync(join(dir, "bigram.nn"), model(6));
writeFileSync(join(dir, "small.nn"), model(4));

const split = loadData({ source: "chars", args: { "0": "words.txt", context: 8, val: 0.2, seed: 1 } }, dir);
const text = textInfoOf(split)!;

describe("nnc check knows the text sources' fields", () => {
  const withData = (input: string, data: string): string => model(27).replace("x: i32[B, 8]", `x: ${input}`).replace(/data {6}= .*/, `data      = ${data}`);
  const errors = (text: string): string[] => checkSource("t.nn", text).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`);

  it("accepts x, y and mask of `context` positions, and refuses another size (E0412) or a bad context (E0411)", () => {
    expect(errors(withData("i32[B, 8]", "names(context = 8)"))).toEqual([]);
    expect(errors(withData("i32[B, 8]", 'chars("f.txt", context = 8)'))).toEqual([]);
    expect(errors(withData("i32[B, 8]", "names()"))).toEqual([
      "E0412: the field `x` of `names()` has examples of shape [16], but the input `x: i32[B, 8]` needs [8] per example",
      "E0412: the field `y` of `names()` has examples of shape [16], but the train input `y: i32[B, 8]` needs [8] per example",
      "E0412: the field `mask` of `names()` has examples of shape [16], but the train input `mask: f32[B, 8]` needs [8] per example",
    ]);
    // A positional argument prints as written, without its index.
    expect(errors(withData("i32[B, 8]", 'chars("f.txt", context = 4)'))[0]).toBe(
      'E0412: the field `x` of `chars("f.txt", context = 4)` has examples of shape [4], but the input `x: i32[B, 8]` needs [8] per example',
    );
    expect(errors(withData("i32[B, 8]", 'chars("f.txt", context = 0)'))).toEqual(["E0411: argument `context` of `chars` must be in [1, 65536], got 0"]);
  });
});

describe("text data, end to end", () => {
  it("nnc train prints the split, the bigram baseline, val_nats per epoch and the comparison; the checkpoint keeps the vocabulary", async () => {
    expect([text.trainLines, text.validationLines + text.dropped, text.vocab.join("")]).toEqual([48, 12, "abcde"]);
    const ckpt = join(dir, "bigram.ckpt");
    const io = recordingIo();
    expect(await runCli(["train", join(dir, "bigram.nn"), "--save", ckpt, "--json"], io)).toBe(0);
    const err = io.err.join("").split("\n");
    expect(err[1]).toBe(`text: 48 train / ${text.validationLines} validation lines, vocabulary 5 characters + boundary`);
    expect(err[2]).toBe(`bigram baseline (from counts, add-one smoothing): validation cross-entropy ${text.bigram!.toFixed(4)} nats/char`);
    const epochs = io.out.join("").trim().split("\n").map((l) => JSON.parse(l) as Record<string, number>);
    const valNats = epochs[0]!["val_nats"]!;
    expect(valNats).toBeGreaterThan(0);
    expect(epochs[0]!["nats"]).toBeGreaterThan(0);
    const rel = (100 * (text.bigram! - valNats)) / text.bigram!;
    expect(err[3]).toBe(`validation ${valNats.toFixed(3)} nats/char: ${Math.abs(rel).toFixed(1)} % ${rel >= 0 ? "below" : "above"} the bigram baseline`);
    expect(vocabOf(loadCheckpoint(ckpt))).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("refuses to resume a checkpoint on text of another vocabulary (E0641)", async () => {
    const ckpt = join(dir, "resume.ckpt");
    expect(await runCli(["train", join(dir, "bigram.nn"), "--save", ckpt], recordingIo())).toBe(0);
    writeFileSync(join(dir, "abcd.txt"), WORDS.map((w) => w.replaceAll("e", "a")).join("\n"));
    const io = recordingIo();
    expect(await runCli(["train", join(dir, "bigram.nn"), "--resume", ckpt, "--epochs", "2", "--data", `chars(${JSON.stringify(join(dir, "abcd.txt"))}, context = 8)`], io)).toBe(1);
    expect(io.err.join("")).toContain(`error[E0641]: the checkpoint \`${ckpt}\` was trained with a vocabulary of 5 characters ("abcde"), but \`${join(dir, "abcd.txt")}\` gives 4 ("abcd")`);
  });

  it("refuses a vocabulary larger than the model's classes (E0637)", async () => {
    const io = recordingIo();
    expect(await runCli(["train", join(dir, "small.nn")], io)).toBe(1);
    const out = io.err.join("");
    expect(out).toContain("error[E0637]");
    expect(out).toContain("the vocabulary has 6 symbols (5 characters and the boundary 0) but `logits` has 4 classes");
  });

  it("a compiled program trains on the same text data, printing the same baseline", () => {
    const program = join(dir, "bigram.mjs");
    const c = spawnSync(process.execPath, [BIN, "compile", join(dir, "bigram.nn"), "--target", "js", "-o", program], { cwd: dir, encoding: "utf8" });
    expect(c.status, c.stderr).toBe(0);
    const r = spawnSync(process.execPath, [program, "--epochs", "1"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split("\n");
    expect(lines[1]).toBe(`text: 48 train / ${text.validationLines} validation lines, vocabulary 5 characters + boundary`);
    expect(lines[2]).toBe(`bigram baseline (from counts, add-one smoothing): validation cross-entropy ${text.bigram!.toFixed(4)} nats/char`);
    expect(lines[3]).toMatch(/^epoch 1\/1 {2}loss \d\.\d{4} {2}nats \d\.\d{4} {2}val_loss \d\.\d{4} {2}val_nats \d\.\d{4} /);
    expect(lines[4]).toMatch(/^validation \d\.\d{3} nats\/char: \d+\.\d % (below|above) the bigram baseline$/);
  });

  it("names() is the shipped corpus: 30,294 distinct lower-cased names of 2016, letters a–z", () => {
    const names = textInfoOf(loadData({ source: "names", args: {} }, dir))!;
    expect([names.trainLines, names.validationLines, names.dropped]).toEqual([27265, 3029, 0]);
    expect(names.vocab.join("")).toBe("abcdefghijklmnopqrstuvwxyz");
    expect(names.bigram).toBeGreaterThan(2.3);
    expect(names.bigram).toBeLessThan(2.6);
  });
});
