import type { Node } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import type { CallCtx, SimdStandIn } from "../kernel-types.ts";
import { simdFirst, simdPrefix } from "./simd-first.ts";
import { SPECIAL_KERNELS } from "./special.ts";

/** A call context of an op over `n` elements of `dtype`, helpers called as `T.<name>`. */
function ctx(dtype: "f32" | "f64"): CallCtx {
  const node = { id: "y", op: "erf", inputs: ["x"], attrs: {}, type: { dtype, shape: [8] } } as unknown as Node;
  return { node, inputs: [], ins: ["x"], out: "y", scratch: [], dim: () => "n", helper: (h) => `T.${h}`, nest: () => [], str: (s) => JSON.stringify(s) };
}

const scalarFrom = (start: string): string[] => [`for (let _i = ${start}; _i < n; _i++) y[_i] = x[_i];`];
const counting: SimdStandIn = { helper: "erfSimd", returns: "count" };
const whole: SimdStandIn = { helper: "maxpoolSimd" };

describe("SIMD stand-ins (kernels/simd-first.ts)", () => {
  it("a counting stand-in starts the scalar loop where the helper stopped, in f32 programs only", () => {
    expect(simdPrefix(ctx("f32"), counting, "x, y, n", scalarFrom)).toEqual(["for (let _i = T.erfSimd(x, y, n); _i < n; _i++) y[_i] = x[_i];"]);
    expect(simdPrefix(ctx("f64"), counting, "x, y, n", scalarFrom)).toEqual(["for (let _i = 0; _i < n; _i++) y[_i] = x[_i];"]);
    expect(simdPrefix(ctx("f32"), undefined, "x, y, n", scalarFrom)).toEqual(["for (let _i = 0; _i < n; _i++) y[_i] = x[_i];"]);
  });

  it("a whole-output stand-in guards the scalar code with the helper's answer", () => {
    expect(simdFirst(ctx("f32"), whole, "x, y", ["a();", "b();"])).toEqual(["if (!T.maxpoolSimd(x, y)) {", "  a();", "  b();", "}"]);
    expect(simdFirst(ctx("f64"), whole, "x, y", ["a();"])).toEqual(["a();"]);
  });

  it("refuses a stand-in used for the other kind of answer", () => {
    expect(() => simdFirst(ctx("f32"), counting, "x, y, n", ["a();"])).toThrow(/returns "count"/);
    expect(() => simdPrefix(ctx("f32"), whole, "x, y", scalarFrom)).toThrow(/returns "done"/);
  });

  it("erf's record names its counting stand-in, and its f32 loop starts at the helper's count", () => {
    expect(SPECIAL_KERNELS.erf.simd).toEqual({ helper: "erfSimd", returns: "count" });
    const lines = SPECIAL_KERNELS.erf.emit(ctx("f32"));
    expect(lines[0]).toBe("for (let _i = T.erfSimd(x, y, n); _i < n; _i++) {");
    expect(SPECIAL_KERNELS.erf.emit(ctx("f64")).join("\n")).not.toContain("erfSimd");
  });
});
