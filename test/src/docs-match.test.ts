/** The transcript matcher and parser that docs-transcripts.test.ts relies on, on known cases. */
import { describe, expect, it } from "vitest";
import { blocksOf, transcriptOf } from "./docs-blocks.ts";
import { linesOf, outputMatches } from "./docs-match.ts";
import { nncArgs } from "./docs-run.ts";

describe("outputMatches", () => {
  it("compares lines exactly", () => {
    expect(outputMatches(["a", "b"], ["a", "b"])).toBe(true);
    expect(outputMatches(["a", "b"], ["a", "c"])).toBe(false);
    expect(outputMatches(["a"], ["a", "b"])).toBe(false);
    expect(outputMatches([], [])).toBe(true);
  });
  it("lets a `…` line stand for any lines, none included", () => {
    expect(outputMatches(["a", "…", "z"], ["a", "z"])).toBe(true);
    expect(outputMatches(["a", "…", "z"], ["a", "b", "c", "z"])).toBe(true);
    expect(outputMatches(["a", "…", "z"], ["a", "b", "c"])).toBe(false);
    expect(outputMatches(["…"], [])).toBe(true);
    expect(outputMatches(["{", "  …", "}"], ["{", "  a", "  b", "}"])).toBe(true);
  });
  it("lets a `…` inside a line stand for any text of that line, special characters kept literal", () => {
    expect(outputMatches(["wrote x.onnx: … bytes"], ["wrote x.onnx: 2,577 bytes"])).toBe(true);
    expect(outputMatches(["a (b) …"], ["a (b) c"])).toBe(true);
    expect(outputMatches(["a.b …"], ["axb c"])).toBe(false);
    expect(outputMatches(["x …"], ["y z"])).toBe(false);
  });
  it("ignores throughput and elapsed time, and nothing else, on a progress line", () => {
    expect(outputMatches(["epoch 1/2  loss 0.5077  5,421 samples/s  0:00"], ["epoch 1/2  loss 0.5077  704,998 samples/s  1:12"])).toBe(true);
    expect(outputMatches(["epoch 1/2  loss 0.5077  5,421 samples/s  0:00"], ["epoch 1/2  loss 0.5078  5,421 samples/s  0:00"])).toBe(false);
    expect(outputMatches(["at 3:14"], ["at 3:15"])).toBe(false);
  });
  it("reads printed text as lines without a phantom last line", () => {
    expect(linesOf("")).toEqual([]);
    expect(linesOf("a\nb\n")).toEqual(["a", "b"]);
    expect(linesOf("a\n\n")).toEqual(["a", ""]);
  });
});

describe("transcripts and commands", () => {
  it("splits a console block into commands and their output", () => {
    const [block] = blocksOf("x.md", "text\n\n```console\n$ nnc check a.nn\nok\n$ echo $?\n0\n```\n");
    expect(block!.lang).toBe("console");
    expect(transcriptOf(block!)).toEqual([
      { command: "nnc check a.nn", line: 4, expected: ["ok"] },
      { command: "echo $?", line: 6, expected: ["0"] },
    ]);
  });
  it("reads the info string's words", () => {
    const [block] = blocksOf("x.md", "```nn file=bad.nn expect=E0301,E0302 fragment\ndim B\n```\n");
    expect([...block!.attrs]).toEqual([["file", "bad.nn"], ["expect", "E0301,E0302"], ["fragment", ""]]);
  });
  it("reads a fence indented in a list item, without the indentation", () => {
    const [block] = blocksOf("x.md", "- item:\n\n  ```console\n  $ nnc check a.nn\n    --> a.nn:1:1\n\n  ```\n");
    expect(block!.body).toBe("$ nnc check a.nn\n  --> a.nn:1:1\n");
  });
  it("runs plain nnc lines in-process and leaves shell syntax to bash", () => {
    expect(nncArgs("npx nnc train x.nn --data 'chars(\"n.txt\", context = 16)'   # note")).toEqual(["train", "x.nn", "--data", 'chars("n.txt", context = 16)']);
    expect(nncArgs("nnc sample x.nn | head -3")).toBeUndefined();
    expect(nncArgs("node ten-steps.mjs")).toBeUndefined();
    expect(nncArgs("nnc check $HOME/x.nn")).toBeUndefined();
  });
});
