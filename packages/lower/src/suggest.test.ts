import { describe, expect, it } from "vitest";
import { CODES } from "@nnc/diagnostics";
import { closest, editDistance } from "./suggest.ts";

describe("suggestions", () => {
  it("edit distance counts single-character edits", () => {
    expect(editDistance("relu", "relu")).toBe(0);
    expect(editDistance("rellu", "relu")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests near names only, deterministically", () => {
    expect(closest("xx", ["x", "W1", "b1"])).toBe("x");
    expect(closest("bb1", ["b1", "b2", "W1"])).toBe("b1");
    expect(closest("optimiser", ["loss", "optimizer", "data"])).toBe("optimizer");
    expect(closest("softmax", ["relu", "tanh"])).toBeUndefined();
    expect(closest("glorot", ["glorot_uniform", "glorot_normal", "zeros"])).toBe("glorot_normal");
    expect(closest("b", ["B"])).toBe("B");
  });
});

describe("code registry", () => {
  it("every checker code has a title and a long explanation with an example and a fix", () => {
    const codes = Object.keys(CODES).filter((c) => /^E0[1-4]/.test(c));
    expect(codes.length).toBeGreaterThanOrEqual(40);
    for (const c of codes) {
      expect(c).toMatch(/^E0[1-4]\d\d$/);
      const info = CODES[c]!;
      expect(info.title.length).toBeGreaterThan(5);
      expect(info.explanation).toContain("Erroneous example:");
      expect(info.explanation).toContain("How to fix it:");
    }
  });
});
