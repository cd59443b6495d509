import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { saveCheckpoint } from "@nnc/runtime";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";

// `nnc sample` on hand-built checkpoints of a bigram model, logits = take(W, x): row i of W scores the
// character after id i, so with W's rows chosen, greedy decoding (--temperature 0) gives a known text.
const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(REPO, "packages", "cli", "bin", "nnc.js");
const dir = mkdtempSync(join(tmpdir(), "nnc-sample-"));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** T = 4 positions, V = 4 classes: the boundary and up to 3 characters. */
const BIGRAM = file("bigram.nn", "dim B\n\nmodel Bigram(x: i32[B, 4]) -> (logits: f32[B, 4, 4]) {\n  param W: f32[4, 4]\n  logits = take(W, x)\n}\n");
/** exp() of a logit of 100 overflows f32: the logits are +Infinity. */
const OVERFLOW = file("overflow.nn", "dim B\n\nmodel Bigram(x: i32[B, 4]) -> (logits: f32[B, 4, 4]) {\n  param W: f32[4, 4]\n  logits = exp(take(W, x))\n}\n");

/** T = 64: a sample of `abab…` takes 64 forward passes over 64 positions. */
const LONG = file("long.nn", "dim B\n\nmodel Long(x: i32[B, 64]) -> (logits: f32[B, 64, 4]) {\n  param W: f32[4, 4]\n  logits = take(W, x)\n}\n");

/** A checkpoint of Bigram whose row i of W has 5 at column next[i] and 0 elsewhere. */
function checkpoint(name: string, next: readonly number[], vocab: readonly string[] | undefined, scale = 5, model = "Bigram"): string {
  const W = new Float32Array(16);
  next.forEach((n, i) => (W[i * 4 + n] = scale));
  const path = join(dir, name);
  saveCheckpoint(path, { model, source: "bigram.nn", epoch: 1, seed: 0, rng: [1, 2, 3, 4], lr: null, tensors: [{ name: "W", group: "param", dtype: "f32", shape: [4, 4], data: W }], ...(vocab === undefined ? {} : { vocab }) });
  return path;
}

/** 0 → a → b → 0, and c → a. */
const AB = checkpoint("ab.ckpt", [1, 2, 0, 1], ["a", "b", "c"]);
/** 0 → a → b → a → …: never ends by itself. */
const CYCLE = checkpoint("cycle.ckpt", [1, 2, 1, 0], ["a", "b", "c"]);
/** Every row 0: each of the 4 ids equally likely. */
const FLAT = checkpoint("flat.ckpt", [0, 0, 0, 0], ["a", "b", "c"], 0);

async function nnc(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

describe("nnc sample", { timeout: 300_000 }, () => {
  it("decodes greedily to the known text, one line per sample, the prompt first", async () => {
    expect(await nnc(["sample", BIGRAM, "--checkpoint", AB, "--temperature", "0", "--n", "3"])).toEqual({ code: EXIT.ok, out: "ab\nab\nab\n", err: "" });
    expect((await nnc(["sample", BIGRAM, "--checkpoint", AB, "--temperature", "0", "--n", "1", "--prompt", "c"])).out).toBe("cab\n");
    expect((await nnc(["sample", BIGRAM, "--checkpoint", AB, "--temperature", "0", "--n", "1", "--prompt", "b"])).out).toBe("b\n");
  });

  it("stops when the context is full: T = 4 characters at most", async () => {
    expect((await nnc(["sample", BIGRAM, "--checkpoint", CYCLE, "--temperature", "0", "--n", "2"])).out).toBe("abab\nabab\n");
    expect((await nnc(["sample", BIGRAM, "--checkpoint", CYCLE, "--temperature", "0", "--n", "1", "--prompt", "bab"])).out).toBe("baba\n");
  });

  it("repeats a run with the same --seed (default 0), differs with another, and --n 5 is the start of --n 20", async () => {
    const run = async (...more: string[]): Promise<string> => (await nnc(["sample", BIGRAM, "--checkpoint", FLAT, "--temperature", "1", ...more])).out;
    const first = await run();
    expect(first.split("\n")).toHaveLength(21);
    expect(first).toMatch(/^([abc]{0,4}\n){20}$/);
    expect(await run("--seed", "0")).toBe(first);
    const other = await run("--seed", "1");
    expect(other).not.toBe(first);
    expect(await run("--seed", "1", "--n", "5")).toBe(other.split("\n").slice(0, 5).join("\n") + "\n");
  });

  it("samples a checkpoint `nnc train --save` wrote from chars() data: its vocabulary comes back", async () => {
    // Every line is "ab": the trained bigram puts nearly all probability on 0 → a → b → 0.
    file("ab.txt", "ab\n".repeat(40));
    const src = file("chars.nn", readFileSync(BIGRAM, "utf8") + "\ntrain Bigram {\n  input y: i32[B, 4]\n  input mask: f32[B, 4]\n  loss      = sum(cross_entropy(logits, y) * mask) / sum(mask)\n  optimizer = adam(lr = 0.1)\n  data      = chars(\"ab.txt\", context = 4, val = 0.25)\n  batch     = 8\n  epochs    = 20\n}\n");
    const ckpt = join(dir, "trained.ckpt");
    const train = await nnc(["train", src, "--save", ckpt, "--json"]);
    expect(train.code, train.err).toBe(EXIT.ok);
    expect(await nnc(["sample", src, "--checkpoint", ckpt, "--temperature", "0", "--n", "2"])).toEqual({ code: EXIT.ok, out: "ab\nab\n", err: "" });
    expect((await nnc(["sample", src, "--checkpoint", ckpt, "--prompt", "b", "--n", "1", "--temperature", "0"])).out).toBe("b\n");
  });

  it("refuses bad option values with E0611, exit 2, before compiling", async () => {
    const bad = async (option: string, value: string): Promise<{ code: number; out: string; err: string }> => nnc(["sample", BIGRAM, "--checkpoint", AB, option, value]);
    expect(await bad("--n", "0")).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --n needs a whole number from 1 to 1000000, not `0`\n" });
    expect(await bad("--n", "2.5")).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --n needs a whole number from 1 to 1000000, not `2.5`\n" });
    expect(await bad("--temperature", "-1")).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --temperature needs a number ≥ 0 (0: always the most likely character), not `-1`\n" });
    expect((await bad("--temperature", "inf")).code).toBe(EXIT.usage);
    expect(await bad("--seed", "x")).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --seed needs a whole number from 0 to 4294967295, not `x`\n" });
  });

  it("E0651: a checkpoint without a vocabulary", async () => {
    const none = checkpoint("none.ckpt", [1, 2, 0, 1], undefined);
    const r = await nnc(["sample", BIGRAM, "--checkpoint", none]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toBe(
      `error[E0651]: the checkpoint \`${none}\` has no vocabulary: model \`Bigram\` was not trained on text data\n  = help: \`nnc sample\` needs a checkpoint saved by \`nnc train --save\` from training on \`chars(…)\` or \`names()\` data, which keeps the characters its ids stand for\n\nerror: could not sample \`${BIGRAM}\` due to 1 previous error\n`,
    );
  });

  it("E0652: a model that is not a character model, or logits too few for the vocabulary", async () => {
    const spirals = join(REPO, "examples", "spirals.nn");
    const r = await nnc(["sample", spirals, "--checkpoint", AB]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toBe(
      [
        "error[E0652]: model `Spiral` cannot be sampled: its input `x` is f32[B, 2]; it must be i32[B, T] with T a number (the context)",
        `  --> ${spirals}:4:14`,
        "   |",
        " 4 | model Spiral(x: f32[B, 2]) -> (logits: f32[B, 2]) {",
        "   |              ^^^^^^^^^^^^ character ids: i32[B, T] needed",
        "   |",
        "   = help: `nnc sample` needs a character model: one input of character ids, i32[B, T], and an output of logits, f32[B, T, V], such as a model trained on `chars(…)` or `names()` data",
        "",
        `error: could not sample \`${spirals}\` due to 1 previous error`,
        "",
      ].join("\n"),
    );
    const big = checkpoint("big.ckpt", [1, 2, 0, 1], ["a", "b", "c", "d"]);
    const v = await nnc(["sample", BIGRAM, "--checkpoint", big]);
    expect(v.code).toBe(EXIT.programErrors);
    const ids = join(REPO, "examples", "embed-slice.nn");
    expect((await nnc(["sample", ids, "--checkpoint", AB])).err).toContain(
      `error[E0652]: model \`FirstLast\` cannot be sampled: it has output \`logits\`: f32[B, 3]; it must have one output of logits f32[B, 8, V] (one row of V per position of \`ids\`)\n   --> ${ids}:15:37\n    |\n 15 | model FirstLast(ids: i32[B, 8]) -> (logits: f32[B, 3]) {\n    |                                     ^^^^^^^^^^^^^^^^^ logits: f32[B, T, V] needed\n`,
    );
    expect(v.err).toContain(`error[E0652]: model \`Bigram\` cannot be sampled with \`${big}\`: the checkpoint's vocabulary has 5 symbols (4 characters and the boundary 0), but \`logits\` has 4 classes\n  --> ${BIGRAM}:3:32\n   |\n 3 | model Bigram(x: i32[B, 4]) -> (logits: f32[B, 4, 4]) {\n   |                                ^^^^^^^^^^^^^^^^^^^^ too few classes for the checkpoint's vocabulary\n`);
  });

  it("E0653 and E0654: prompt problems point into the --prompt argument, exit 2", async () => {
    const r = await nnc(["sample", BIGRAM, "--checkpoint", AB, "--prompt", "aZ"]);
    expect(r).toEqual({
      code: EXIT.usage,
      out: "",
      err: `error[E0653]: the prompt's character \`Z\` (U+005A) is not in the model's vocabulary\n  --> --prompt argument, column 2\n   |\n 1 | aZ\n   |  ^\n   |\n   = help: the vocabulary (3 characters, from the training data): \`a\` \`b\` \`c\`\n\nerror: could not sample \`${BIGRAM}\` due to 1 previous error\n`,
    });
    const long = await nnc(["sample", BIGRAM, "--checkpoint", AB, "--prompt", "abcab"]);
    expect(long.code).toBe(EXIT.usage);
    expect(long.err).toContain("error[E0654]: the prompt has 5 characters, but the model sees 4 positions: the boundary and at most 3 characters\n  --> --prompt argument, column 4\n   |\n 1 | abcab\n   |    ^^\n");
  });

  it("E0655: logits that are not finite; E0641: a checkpoint of another model", async () => {
    const huge = checkpoint("huge.ckpt", [1, 2, 0, 1], ["a", "b", "c"], 100);
    const r = await nnc(["sample", OVERFLOW, "--checkpoint", huge]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain(`error[E0655]: the logits \`logits\` of model \`Bigram\` at position 0 are not finite (Infinity for id 1), so no character can be drawn\n  --> ${OVERFLOW}:3:32\n   |\n 3 | model Bigram(x: i32[B, 4]) -> (logits: f32[B, 4, 4]) {\n   |                                ^^^^^^^^^^^^^^^^^^^^ not finite when sampled\n`);
    const gram = file("gram.nn", readFileSync(BIGRAM, "utf8").replace("Bigram", "Gram"));
    const other = await nnc(["sample", gram, "--checkpoint", AB]);
    expect(other.code).toBe(EXIT.programErrors);
    expect(other.err).toContain(`error[E0641]: the checkpoint \`${AB}\` does not fit model \`Gram\`: it was saved from model \`Bigram\`, not \`Gram\`\n`);
  });

  it("streams to a pipe and ends quietly when the reader stops (| head), not after a million samples", () => {
    // 10⁶ samples of 64 characters would take far longer than the 100 s `timeout` allows (status 124): it must stop at the EPIPE.
    const long = checkpoint("long.ckpt", [1, 2, 1, 0], ["a", "b", "c"], 5, "Long");
    const script = `{ timeout 100 "$1" "$2" sample ${LONG} --checkpoint ${long} --temperature 0 --n 1000000 2>${dir}/err; echo $? >${dir}/status; } | head -n 2 >${dir}/out`;
    const r = spawnSync("sh", ["-c", script, "sh", process.execPath, BIN], { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 280_000 });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "out"), "utf8")).toBe(`${"ab".repeat(32)}\n`.repeat(2));
    expect({ status: readFileSync(join(dir, "status"), "utf8"), err: readFileSync(join(dir, "err"), "utf8") }).toEqual({ status: "0\n", err: "" });
  });
});
