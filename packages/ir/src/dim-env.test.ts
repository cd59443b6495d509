import { describe, expect, it } from "vitest";
import { dimMul, dimToString, evalDim, sym } from "./dim.ts";
import { substituteDim } from "./specialize.ts";

describe("dims named like Object.prototype members bind only from own keys", () => {
  it.each(["constructor", "toString", "__proto__", "hasOwnProperty"])("`%s`: unbound in {}, bound when given", (name) => {
    const d = dimMul(sym(name), 2);
    expect(evalDim(d, {})).toBeUndefined();
    expect(dimToString(substituteDim(d, {}))).toBe(`2*${name}`);
    const env = Object.defineProperty({}, name, { value: 3, enumerable: true });
    expect(evalDim(d, env)).toBe(6);
    expect(substituteDim(d, env)).toBe(6);
  });
});
