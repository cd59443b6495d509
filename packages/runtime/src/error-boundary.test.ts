import { describe, expect, it } from "vitest";
import { engineLimitError } from "./error-boundary.ts";

describe("engineLimitError: lookup ids out of range", () => {
  it("turns a take/scatter_add kernel's RangeError into E0347 with the kernel's message", () => {
    const msg = "take: id 12 is out of range: ids must be whole numbers in [0, 10) for a table of 10 rows";
    const e = engineLimitError(new RangeError(msg), 32);
    expect(e?.code).toBe("E0347");
    expect(e?.message).toBe(msg);
    expect(e?.help).toContain("from 0 to n − 1");
    expect(engineLimitError(new RangeError("scatter_add: id -1 is out of range: ids must be whole numbers in [0, 4)"), null)?.code).toBe("E0347");
  });

  it("labels of one_hot and cross_entropy outside their classes are the data's fault too", () => {
    const msg = "one_hot: label 5 is out of range: labels must be whole numbers in [0, 3) for 3 classes";
    expect(engineLimitError(new RangeError(msg), null)).toMatchObject({ code: "E0347", message: msg });
    expect(engineLimitError(new RangeError("cross_entropy: label -1 is out of range: labels must be whole numbers in [0, 10) for 10 classes"), 8)?.code).toBe("E0347");
  });

  it("leaves other range errors alone (a bug stays a bug)", () => {
    expect(engineLimitError(new RangeError("take: something else"), null)).toBeUndefined();
    expect(engineLimitError(new TypeError("take: id 12 is out of range"), null)).toBeUndefined();
  });
});
