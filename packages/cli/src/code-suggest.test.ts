import { CODES } from "@nnc/diagnostics";
import { describe, expect, it } from "vitest";
import { suggestCode } from "./code-suggest.ts";
import { recordingIo, runCli } from "./index.ts";

const KNOWN = ["E0001", "E0010", "E0031", "E0601", "E0602", "E0610", "E0645", "E0669", "E0900"];

describe("the code suggested for an unknown `nnc explain` code", () => {
  it("prefers the same family over an equally close code of another", () => {
    // E06010 is one deletion from E0010, E0601 and E0610; E0601 shares the longest prefix.
    expect(suggestCode("E06010", KNOWN)).toBe("E0601");
    // One substitution from E0669 (06) and nothing closer; E0999 reaches the 09 family (two edits).
    expect(suggestCode("E0699", KNOWN)).toBe("E0669");
    expect(suggestCode("E0999", KNOWN)).toBe("E0900");
  });

  it("counts a swap of two digits as one edit, and breaks ties by the numerically nearest code", () => {
    // No family 60: E0610 (a swap) and E0010 (a substitution) are one edit each; 610 is nearer 6010.
    expect(suggestCode("E6010", KNOWN)).toBe("E0610");
    // E0001, E0031 are both one edit in family 00; 31 is nearer 61.
    expect(suggestCode("E0061", KNOWN)).toBe("E0031");
    expect(suggestCode("E0646", KNOWN)).toBe("E0645");
  });

  it("suggests nothing beyond two edits, and handles non-numeric input", () => {
    expect(suggestCode("E7777", KNOWN)).toBeUndefined();
    expect(suggestCode("E0X601", KNOWN)).toBe("E0601");
    expect(suggestCode("HELLO", KNOWN)).toBeUndefined();
  });

  it("is what `nnc explain` prints, over the real code table", async () => {
    expect(Object.keys(CODES)).toContain("E0601");
    const io = recordingIo();
    const code = await runCli(["explain", "E06010"], io);
    expect(code).toBe(2);
    expect(io.err.join("")).toBe("error[E0610]: unknown diagnostic code `E06010`\nhelp: did you mean `E0601`? (`nnc explain --list` lists all codes)\n");
    const io2 = recordingIo();
    await runCli(["explain", "0999"], io2);
    expect(io2.err.join("")).toContain("did you mean `E0900`?");
  });
});
