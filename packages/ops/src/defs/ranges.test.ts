import { sym, tensorType } from "@nnc/ir";
import { describe, expect, it } from "vitest";
import { run, typeOf, vals } from "./test-util.ts";

describe("index constants", () => {
  it("arange is 0 … n − 1 as i32, also of a symbolic size", () => {
    expect(vals(run("arange", [], { n: 4 }))).toEqual([0, 1, 2, 3]);
    expect(typeOf("arange", [], { n: 4 })).toEqual(tensorType("i32", [4]));
    expect(typeOf("arange", [], { n: sym("T") })).toEqual(tensorType("i32", [sym("T")]));
    expect(typeOf("arange", [], { n: 0 })).toMatchObject({ error: "arange: n must be a whole number ≥ 1, got 0" });
  });

  it("tril keeps j ≤ i + k and triu keeps j ≥ i + k, like torch.tril / torch.triu of ones", () => {
    expect(vals(run("tril", [], { n: 3, k: 0 }))).toEqual([1, 0, 0, 1, 1, 0, 1, 1, 1]);
    expect(vals(run("triu", [], { n: 3, k: 0 }))).toEqual([1, 1, 1, 0, 1, 1, 0, 0, 1]);
    expect(vals(run("tril", [], { n: 3, k: -1 }))).toEqual([0, 0, 0, 1, 0, 0, 1, 1, 0]);
    expect(vals(run("triu", [], { n: 3, k: 1 }))).toEqual([0, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(typeOf("tril", [], { n: sym("T"), k: 0 })).toEqual(tensorType("bool", [sym("T"), sym("T")]));
    expect(typeOf("triu", [], { n: 3, k: 0.5 })).toMatchObject({ code: "E0900" });
  });
});
