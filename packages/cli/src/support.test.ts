import { describe, expect, it } from "vitest";
import { normalizeCode } from "./commands/explain.ts";
import { shouldColor } from "./io.ts";
import { readErrorReason } from "./read-source.ts";
import { closest, editDistance } from "./suggest.ts";

describe("shouldColor", () => {
  it("lets --color win, then FORCE_COLOR, then NO_COLOR, then the terminal", () => {
    expect(shouldColor("always", false, { NO_COLOR: "1" })).toBe(true);
    expect(shouldColor("never", true, { FORCE_COLOR: "1" })).toBe(false);
    expect(shouldColor("auto", false, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(shouldColor("auto", true, { FORCE_COLOR: "0" })).toBe(true);
    expect(shouldColor("auto", false, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor("auto", true, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor("auto", true, { NO_COLOR: "" })).toBe(true);
    expect(shouldColor("auto", false, {})).toBe(false);
  });
});

describe("suggestions", () => {
  it("computes edit distances, counting an adjacent swap as one edit", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("E0610", "E0601")).toBe(1);
    expect(editDistance("ab", "ba")).toBe(1);
  });

  it("picks the nearest candidate within the limit", () => {
    expect(closest("E0910", ["E0601", "E0900"])).toBe("E0900");
    expect(closest("E1234", ["E0601", "E0900"])).toBeUndefined();
  });

  it("normalizes code spellings", () => {
    expect(normalizeCode("e0201")).toBe("E0201");
    expect(normalizeCode("201")).toBe("E0201");
    expect(normalizeCode(" E0900 ")).toBe("E0900");
    expect(normalizeCode("foo")).toBe("FOO");
  });
});

describe("readErrorReason", () => {
  it("names the common failures", () => {
    expect(readErrorReason("ENOENT")).toBe("no such file");
    expect(readErrorReason("EISDIR")).toBe("it is a directory");
    expect(readErrorReason("EACCES")).toBe("permission denied");
    expect(readErrorReason("EIO")).toBe("system error EIO");
  });
});
