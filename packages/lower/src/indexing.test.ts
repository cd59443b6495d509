import { describe, expect, it } from "vitest";
import { dimToString, type Dim } from "@nnc/ir";
import { checkText, codes, listing, lowerText, node, typeOf } from "./test-helpers.ts";

const d = (v: unknown): string => dimToString(v as Dim);

function model(sig: string, body: string, outs: string): string {
  return `dim B, T\nmodel M(${sig}) -> (${outs}) {\n${body}\n}\n`;
}

/** The first diagnostic's message and its labels' texts, for one-error programs. */
function firstError(text: string): { code: string; at: string; message: string; labels: string[]; help?: string } {
  const r = checkText(text);
  const e = [...r.syntax, ...r.diagnostics][0];
  if (e === undefined) throw new Error("no diagnostic");
  return { code: e.code, at: `${e.span.line}:${e.span.column}`, message: e.message, labels: [...(e.label === undefined ? [] : [e.label]), ...e.labels.map((l) => l.message)], ...(e.help === undefined ? {} : { help: e.help }) };
}

describe("indexing", () => {
  it("an index removes its axis: slice [i, i+1] then one reshape; -1 is the last element", () => {
    const m = lowerText(model("hs: f32[B, 5, 6]", "  y = hs[:, -1]", "y: f32[B, 6]"));
    expect(listing(m).slice(1)).toEqual(["%0 = slice(hs) : f32[B, 1, 6]", "y = reshape(%0) : f32[B, 6]"]);
    const s = node(m, "%0").attrs;
    expect([s.axis, d(s.start), d(s.end)]).toEqual([1, "4", "5"]);
  });

  it("a slice keeps its axis; omitted bounds are 0 and the size; `...` fills the leading axes", () => {
    const m = lowerText(model("x: f32[B, T, 6]", "  a = x[..., 2:]\n  b = x[:, :, :-2]\n  y = a[..., 2:] + b[..., 2:]", "y: f32[B, T, 2]"));
    const a = node(m, "a").attrs;
    expect([a.axis, d(a.start), d(a.end)]).toEqual([2, "2", "6"]);
    expect(typeOf(m, "a")).toBe("f32[B, T, 4]");
    const b = node(m, "b").attrs;
    expect([b.axis, d(b.start), d(b.end)]).toEqual([2, "0", "4"]);
  });

  it("dim-expression bounds, several axes at once, and whole-axis items that add no node", () => {
    const m = lowerText(`dim B\nblock mid(x: f32[B, T, 6]) -> f32[B, T - 2] {\n  return x[:, 1:T - 1, 3]\n}\nmodel M(x: f32[B, 7, 6]) -> (y: f32[B, 5]) {\n  y = mid(x)\n}\n`);
    expect(listing(m).slice(1)).toEqual(["%0 = slice(x) : f32[B, 5, 6]", "%1 = slice(%0) : f32[B, 5, 1]", "y = reshape(%1) : f32[B, 5]"]);
    expect(listing(lowerText(model("x: f32[B, 4]", "  y = x[:, :]\n", "y: f32[B, 4]")))).toEqual(["x = input() : f32[B, 4]"]);
    expect(listing(lowerText(model("x: f32[B, 4]", "  y = x[...]\n", "y: f32[B, 4]")))).toEqual(["x = input() : f32[B, 4]"]);
  });

  it("an index with fewer items than axes keeps the trailing axes; indexing every axis gives a scalar", () => {
    expect(typeOf(lowerText(model("x: f32[3, 4]", "  y = x[1]", "y: f32[4]")), "y")).toBe("f32[4]");
    const m = lowerText(model("x: f32[3, 4]", "  y = x[-1, 0]", "y: f32[]"));
    expect(listing(m).slice(1)).toEqual(["%0 = slice(x) : f32[1, 4]", "%1 = slice(%0) : f32[1, 1]", "y = reshape(%1) : f32[]"]);
    expect(d(node(m, "%0").attrs.start)).toBe("2");
  });

  it("indexes the result of a call and a path (postfix forms)", () => {
    const m = lowerText(`dim B\nblock lin(x: f32[B, 3]) -> f32[B, 2] {\n  param W: f32[3, 2]\n  return x @ W\n}\nmodel M(x: f32[B, 3]) -> (y: f32[B, 2], w: f32[2]) {\n  h = lin(x)\n  y = relu(h)[:, 0:2]\n  w = h.W[0]\n}\n`);
    expect(typeOf(m, "w")).toBe("f32[2]");
    expect(node(m, "%0").inputs).toEqual(["h.W"]);
  });
});

describe("indexing errors", () => {
  const sig = "x: f32[B, 4], ids: i32[B]";
  it("an out-of-range index states the shape and the index, at the item", () => {
    const e = firstError(model(sig, "  y = x[:, 4]", "y: f32[B]"));
    expect(e).toMatchObject({ code: "E0318", at: "3:12", message: "index 4 is out of range for axis 1 of f32[B, 4]", labels: ["axis 1 has 4 elements"] });
    expect(codes(model(sig, "  y = x[:, -5]", "y: f32[B]"))).toEqual(["E0318 3:12"]);
    expect(codes(model(sig, "  y = x[:, -4]", "y: f32[B]"))).toEqual([]);
  });

  it("out-of-range and empty slices (bounds are not clamped)", () => {
    expect(firstError(model(sig, "  y = x[:, 2:5]", "y: f32[B, 3]"))).toMatchObject({ code: "E0319", at: "3:12", message: "slice `2:5` is out of range for axis 1 of f32[B, 4]" });
    expect(firstError(model(sig, "  y = x[:, -6:]", "y: f32[B, 3]")).message).toBe("slice `-6:` is out of range for axis 1 of f32[B, 4] (`-6:` counts as -2:4)");
    expect(firstError(model(sig, "  y = x[:, 3:1]", "y: f32[B, 3]"))).toMatchObject({ code: "E0319", message: "slice `3:1` of axis 1 of f32[B, 4] is empty", labels: ["selects no elements: the end (1) is before the start (3)"] });
    expect(firstError(model(sig, "  y = x[:, -2:2]", "y: f32[B, 3]")).labels).toEqual(["selects no elements: the start and the end are both 2"]);
    expect(codes(model(sig, "  y = x[:, 2:2]", "y: f32[B, 3]"))).toEqual(["E0319 3:12"]);
  });

  it("an axis of symbolic size is taken whole only (nothing could check its bounds when the dims are bound)", () => {
    expect(firstError(model("x: f32[B, T]", "  y = x[:, 2:T]", "y: f32[B, T - 2]"))).toMatchObject({
      code: "E0327",
      at: "3:12",
      message: "cannot index axis 1 of f32[B, T]: its size T is only known at run time",
    });
    expect(codes(model("x: f32[B, T]", "  y = x[:, T]", "y: f32[B]"))).toEqual(["E0327 3:12"]);
    expect(codes(model("x: f32[B, 4]", "  y = x[0]", "y: f32[4]"))).toEqual(["E0327 3:9"]);
    expect(codes(model("x: f32[B, 4]", "  y = x[-1]", "y: f32[4]"))).toEqual(["E0327 3:9"]);
    expect(codes(model("x: f32[B, 4]", "  y = x[1:, 0]", "y: f32[B]"))).toEqual(["E0327 3:9"]);
    expect(codes(model("x: f32[B, 4]", "  (a, b) = split(x, 2, axis = 0)\n  y = a[:, 0]", "y: f32[B]"))).toEqual(["E0327 3:18"]);
    expect(codes(model("x: f32[B, T]", "  y = x[:, :]", "y: f32[B, T]"))).toEqual([]);
  });

  it("too many indices, a fractional or tensor index, indexing a non-tensor", () => {
    expect(firstError(model(sig, "  y = x[0, 1, 2]", "y: f32[]"))).toMatchObject({ code: "E0320", at: "3:15", message: "too many indices for f32[B, 4]: 3 given for 2 axes" });
    expect(firstError(model(sig, "  y = x[:, 0.5]", "y: f32[B]"))).toMatchObject({ code: "E0321", at: "3:12" });
    const t = firstError(model(sig, "  y = x[:, ids]", "y: f32[B]"));
    expect(t).toMatchObject({ code: "E0321", message: "an index must be a whole number or a dim expression, but `ids` is a tensor i32[B]" });
    expect(t.help).toContain("take(x, ids)");
    expect(firstError(model(sig, "  n = 3\n  y = n[0]", "y: f32[B]"))).toMatchObject({ code: "E0322", at: "4:7", message: "only tensors can be indexed, but this is the number 3" });
    expect(firstError(model(sig, "  y = split(x, 2)[0]", "y: f32[B, 2]"))).toMatchObject({ code: "E0322", labels: ["several results, not one tensor"] });
  });

  it("reports each root cause once: an erroneous target or bound is not reported again", () => {
    expect(codes(model(sig, "  y = zz[0]", "y: f32[B]"))).toEqual(["E0101 3:7"]);
    expect(codes(model(sig, "  y = x[:, zz]", "y: f32[B]"))).toEqual(["E0101 3:12"]);
  });
});

describe("split", () => {
  it("equal parts along the last axis by default, as a tuple of slices named by the destructuring", () => {
    const m = lowerText(model("x: f32[B, 12]", "  (q, k, v) = split(x, 3)\n  y = q + k + v", "y: f32[B, 4]"));
    expect(listing(m).slice(1, 4)).toEqual(["q = slice(x) : f32[B, 4]", "k = slice(x) : f32[B, 4]", "v = slice(x) : f32[B, 4]"]);
    expect(["q", "k", "v"].map((n) => `${d(node(m, n).attrs.start)}:${d(node(m, n).attrs.end)}`)).toEqual(["0:4", "4:8", "8:12"]);
  });

  it("given sizes (dims allowed) along a named axis; a symbolic axis divides as a polynomial", () => {
    const m = lowerText(model("x: f32[B, T, 6]", "  (a, b) = split(x, [2, 4], axis = 2)\n  y = a", "y: f32[B, T, 2]"));
    expect(typeOf(m, "b")).toBe("f32[B, T, 4]");
    expect(node(m, "b").attrs.axis).toBe(2);
    const h = lowerText(`dim B\nblock g(x: f32[B, F], H: dim) -> f32[B, H] {\n  (i, f) = split(x, 2)\n  return i * f\n}\nmodel M(x: f32[B, 8]) -> (y: f32[B, 4]) {\n  y = g(x, 4)\n}\n`);
    expect(typeOf(h, "y.f")).toBe("f32[B, 4]");
  });

  it("errors: parts that do not divide the axis, sizes that do not add up, a bad part count", () => {
    const e = firstError(model("x: f32[B, 10]", "  (a, b, c) = split(x, 3)\n  y = a", "y: f32[B, 3]"));
    expect(e).toMatchObject({ code: "E0323", at: "3:24", message: "cannot split axis 1 of f32[B, 10] into 3 equal parts: its size 10 is not a multiple of 3" });
    expect(e.help).toContain("split(x, [3, 3, 4])");
    expect(firstError(model("x: f32[B, 10]", "  (a, b) = split(x, [3, 6])\n  y = a", "y: f32[B, 3]"))).toMatchObject({
      code: "E0324",
      message: "the sizes given to `split` add up to 9, but axis 1 of f32[B, 10] has 10 elements",
    });
    expect(codes(model("x: f32[B, 10]", "  (a, b) = split(x, [0, 10])\n  y = a", "y: f32[B, 3]"))).toEqual(["E0324 3:22"]);
    expect(codes(model("x: f32[B, 10]", "  (a, b) = split(x, 0)\n  y = a", "y: f32[B, 3]"))).toEqual(["E0324 3:21"]);
    expect(codes(model("x: f32[B, 10]", "  (a, b) = split(x, 2, axis = 2)\n  y = a", "y: f32[B, 5]"))).toEqual(["E0303 3:31"]);
  });
});
