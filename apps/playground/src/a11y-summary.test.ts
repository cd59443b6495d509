import { describe, expect, it } from "vitest";
import { problemSummary } from "./a11y-summary.ts";
import { tabAfterKey } from "./tabs.ts";

describe("problemSummary", () => {
  it("says the counts in words, singular and plural", () => {
    expect(problemSummary(0, 0)).toBe("No problems");
    expect(problemSummary(1, 0)).toBe("1 error");
    expect(problemSummary(2, 1)).toBe("2 errors, 1 warning");
    expect(problemSummary(0, 3)).toBe("3 warnings");
    expect(problemSummary(0, 0, true)).toBe("internal compiler error");
    expect(problemSummary(1, 0, true)).toBe("internal compiler error, 1 error");
  });
});

describe("tabAfterKey", () => {
  it("moves with the arrows (wrapping) and jumps with Home/End", () => {
    expect(tabAfterKey("ArrowRight", 0, 3)).toBe(1);
    expect(tabAfterKey("ArrowRight", 2, 3)).toBe(0);
    expect(tabAfterKey("ArrowLeft", 0, 3)).toBe(2);
    expect(tabAfterKey("ArrowLeft", 2, 3)).toBe(1);
    expect(tabAfterKey("Home", 2, 3)).toBe(0);
    expect(tabAfterKey("End", 0, 3)).toBe(2);
    expect(tabAfterKey("Enter", 1, 3)).toBeNull();
    expect(tabAfterKey("ArrowDown", 1, 3)).toBeNull();
  });
});
