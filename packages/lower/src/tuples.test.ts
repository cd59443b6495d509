import { describe, expect, it } from "vitest";
import { checkText, codes, listing, lowerText, node, typeOf } from "./test-helpers.ts";

function model(sig: string, body: string, outs = "y: f32[B, 4]"): string {
  return `dim B\nmodel M(${sig}) -> (${outs}) {\n${body}\n}\n`;
}

const TWO = `block two(x: f32[B, 4]) -> (a: f32[B, 4], b: f32[B, 4]) {\n  param W: f32[4, 4]\n  return (x @ W, relu(x))\n}\n`;

/** Every diagnostic as code, primary location, labels' locations and messages. */
function diags(text: string): { code: string; at: string; message: string; labels: string[] }[] {
  const r = checkText(text);
  return [...r.syntax, ...r.diagnostics].map((e) => ({
    code: e.code,
    at: `${e.span.line}:${e.span.column}-${e.span.endColumn}`,
    message: e.message,
    labels: [`${e.span.line}:${e.span.column} ${e.label ?? ""}`, ...e.labels.map((l) => `${l.span.line}:${l.span.column} ${l.message}`)],
  }));
}

describe("destructuring", () => {
  it("a block with several results: the call is named after the first target, each part claims its name", () => {
    const m = lowerText(`dim B\n${TWO}model M(x: f32[B, 4]) -> (y: f32[B, 4]) {\n  y = p + q\n  (p, q) = two(x)\n}\n`);
    expect(listing(m)).toEqual([
      "x = input() : f32[B, 4]",
      "p.W = param() : f32[4, 4]",
      "p = matmul(x, p.W) : f32[B, 4]",
      "q = relu(x) : f32[B, 4]",
      "y = add(p, q) : f32[B, 4]",
    ]);
  });

  it("lowers the value once however many of its names are used, in dependency order", () => {
    const m = lowerText(model("x: f32[B, 8]", "  y = a * b + a\n  (a, b) = split(h, 2)\n  h = relu(x)"));
    expect(m.graph.nodes.filter((n) => n.op === "relu")).toHaveLength(1);
    expect(m.graph.nodes.filter((n) => n.op === "slice").map((n) => n.id)).toEqual(["a", "b"]);
    expect(node(m, "a").inputs).toEqual(["h"]);
  });

  it("a tuple expression, and a tuple bound to one name then destructured", () => {
    const m = lowerText(model("x: f32[B, 4], z: f32[B, 4]", "  (a, b) = (relu(x), z)\n  t = split(x, 2)\n  (c, d) = t\n  y = a + b + concat([c, d], axis = 1)"));
    expect(typeOf(m, "a")).toBe("f32[B, 4]");
    expect(node(m, "c").op).toBe("slice");
    expect(node(m, "d").op).toBe("slice");
  });

  it("a destructured name that is never used is still checked (every binding is lowered)", () => {
    expect(codes(model("x: f32[B, 8]", "  (a, b) = split(x, 3)\n  y = x[:, 0:4]"))).toEqual(["E0323 3:21"]);
  });
});

describe("destructuring errors", () => {
  it("arity mismatch: both counts and the value, located at the names and at the value; every name is poison", () => {
    const d = diags(model("x: f32[B, 12]", "  (q, k) = split(x, 3)\n  y = q"));
    expect(d).toEqual([
      {
        code: "E0325",
        at: "3:4-8",
        message: "`(q, k)` has 2 names, but its value is a tuple of 3 values (f32[B, 4], f32[B, 4], f32[B, 4])",
        labels: ["3:4 2 names", "3:12 3 values"],
      },
    ]);
  });

  it("destructuring a single tensor", () => {
    const d = diags(model("x: f32[B, 4]", "  (a, b) = relu(x)\n  y = a"));
    expect(d.map((x) => [x.code, x.at, x.message])).toEqual([["E0326", "3:12-19", "cannot destructure a tensor f32[B, 4] into 2 names: it is a single value, not a tuple"]]);
    expect(d[0]!.labels).toEqual(["3:12 this is a tensor f32[B, 4]", "3:4 2 names"]);
  });

  it("a tuple where one value is expected: an argument, an operand, a negation", () => {
    expect(diags(model("x: f32[B, 8]", "  y = relu(split(x, 2))"))[0]).toMatchObject({ code: "E0115", at: "3:12-23" });
    expect(codes(model("x: f32[B, 8]", "  y = split(x, 2) * 2"))).toEqual(["E0115 3:7"]);
    expect(codes(model("x: f32[B, 8]", "  y = -(x, x)"))).toEqual(["E0115 3:8"]);
    expect(codes(model("x: f32[B, 4]", "  t = (x, x)\n  y = t + 1"))).toEqual(["E0115 4:7"]);
  });

  it("a cycle through a destructuring binding is E0103, reported once", () => {
    const d = diags(model("x: f32[B, 8]", "  (a, b) = split(b, 2)\n  y = a"));
    expect(d.map((x) => x.code)).toEqual(["E0103"]);
    expect(d[0]!.message).toBe("`b` depends on itself: `a` → `b`");
    expect(codes(model("x: f32[B, 8]", "  c = a + 1\n  (a, b) = split(c, 2)\n  y = b"))).toEqual(["E0103 3:7"]);
  });

  it("a name bound twice, inside one destructuring or by another binding", () => {
    expect(codes(model("x: f32[B, 8]", "  (a, a) = split(x, 2)\n  y = a"))).toEqual(["E0102 3:7"]);
    expect(codes(model("x: f32[B, 8]", "  (a, x) = split(x, 2)\n  y = a"))).toEqual(["E0102 3:7"]);
  });
});
