import { describe, expect, it } from "vitest";
import { groupDigits } from "./check-memory.ts";

describe("groupDigits", () => {
  it("writes whole numbers as toLocaleString('en-US') does", () => {
    const values = [0, 7, 12, 999, 1000, 10_000, 101_770, 999_999, 1_000_000, 123_456_789, 2 ** 31, Number.MAX_SAFE_INTEGER, 1.5, -1234, 1e21];
    for (let k = 0; k < 16; k++) values.push(10 ** k - 1, 10 ** k, 3 * 10 ** k + 17);
    for (const n of values) expect(groupDigits(n), String(n)).toBe(n.toLocaleString("en-US"));
    expect(groupDigits(101_770)).toBe("101,770");
  });
});
