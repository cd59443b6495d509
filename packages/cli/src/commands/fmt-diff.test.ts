import { describe, expect, it } from "vitest";
import { isTerminalUnsafe } from "@nnc/diagnostics";
import { unifiedDiff } from "./fmt-diff.ts";

const lines = (s: string): string => s.split("").join("\n") + "\n";

/** Expected hunks are GNU `diff -u` output for the same two files (headers aside). */
describe("unifiedDiff", () => {
  it("separate hunks with three lines of context, as diff -u", () => {
    expect(unifiedDiff("f.nn", lines("abcdefghijk"), lines("aBcdefghikl"))).toBe(
      "--- f.nn\n+++ f.nn (formatted)\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -7,5 +7,5 @@\n g\n h\n i\n-j\n k\n+l\n",
    );
  });

  it("additions at the end and to an empty file; nothing for equal texts", () => {
    expect(unifiedDiff("f", "x\n", "x\ny\n")).toBe("--- f\n+++ f (formatted)\n@@ -1 +1,2 @@\n x\n+y\n");
    expect(unifiedDiff("f", "", "x\n")).toBe("--- f\n+++ f (formatted)\n@@ -0,0 +1 @@\n+x\n");
    expect(unifiedDiff("f", "a\nb\n", "a\nb\n")).toBe("");
  });

  it("a middle too large to match line by line is one replacement, its equal ends still context", () => {
    const before = ["head", ...Array.from({ length: 3000 }, (_, i) => `a${i}`), "tail"].join("\n") + "\n";
    const after = ["head", ...Array.from({ length: 3000 }, (_, i) => `b${i}`), "tail"].join("\n") + "\n";
    const diff = unifiedDiff("f", before, after).split("\n");
    expect(diff.slice(0, 4)).toEqual(["--- f", "+++ f (formatted)", "@@ -1,3002 +1,3002 @@", " head"]);
    expect([diff[4], diff[3004], diff[6004]]).toEqual(["-a0", "+b0", " tail"]);
  });

  it("marks a last line without a line break as diff -u does", () => {
    expect(unifiedDiff("f", "a\nb", "a\nb\n")).toBe("--- f\n+++ f (formatted)\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  });

  it("escapes control characters in the name and the lines (ESC, the CR of a CRLF line, a line break in the name), keeps tabs", () => {
    const diff = unifiedDiff("we\nird\u001b[2J.nn", "# \u001b[31mred\r\n\tx = 1\n", "# \u001b[31mred\nx = 1\n");
    expect(diff).toBe(
      "--- we\\u{a}ird\\u{1b}[2J.nn\n+++ we\\u{a}ird\\u{1b}[2J.nn (formatted)\n@@ -1,2 +1,2 @@\n-# \\u{1b}[31mred\\u{d}\n-\tx = 1\n+# \\u{1b}[31mred\n+x = 1\n",
    );
    expect(Array.from(diff).filter((ch) => ch !== "\n" && ch !== "\t" && isTerminalUnsafe(ch.codePointAt(0) ?? 0))).toEqual([]);
  });
});
