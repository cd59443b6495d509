import { describe, expect, it } from "vitest";
import { checkText, listing, lowerText, node, typeOf } from "./test-helpers.ts";

const model = (sig: string, out: string, body: string) => `dim B\ndim T\nmodel M(${sig}) -> (${out}) {\n${body}\n}\n`;

function diags(text: string): [string, string, string, string | undefined][] {
  const r = checkText(text);
  return [...r.syntax, ...r.diagnostics].map((d) => [d.code, `${d.span.line}:${d.span.column}`, d.message, d.help]);
}

describe("take(table, ids)", () => {
  it("picks rows: E: f32[V, D] by ids: i32[B, T] is f32[B, T, D]", () => {
    const m = lowerText(model("ids: i32[B, T]", "y: f32[B, T, 16]", "  param E: f32[100, 16]\n  y = take(E, ids)"));
    expect(typeOf(m, "y")).toBe("f32[B, T, 16]");
    expect(node(m, "y")).toMatchObject({ op: "take", inputs: ["E", "ids"] });
  });

  it("a scalar id picks one row; a rank-3 table keeps its trailing axes", () => {
    expect(typeOf(lowerText(model("i: i32", "y: f32[8]", "  param E: f32[10, 8]\n  y = take(E, i)")), "y")).toBe("f32[8]");
    expect(typeOf(lowerText(model("ids: i32[B]", "y: f32[B, 2, 3]", "  param E: f32[10, 2, 3]\n  y = take(E, ids)")), "y")).toBe("f32[B, 2, 3]");
  });

  it("float ids are E0345 stating both types, with a declaration to write", () => {
    expect(diags(model("ids: f32[B, T]", "y: f32[B, T, 4]", "  param E: f32[10, 4]\n  y = take(E, ids)"))).toEqual([
      ["E0345", "5:15", "`take` needs i32 ids, but `ids` is f32[B, T] (the table `E` is f32[10, 4])", "ids are row indices: declare them as integers, e.g. `ids: i32[B, T]`"],
    ]);
  });

  it("swapped arguments are E0346 with the call written the right way round", () => {
    expect(diags(model("ids: i32[B]", "y: f32[B, 4]", "  param E: f32[10, 4]\n  y = take(ids, E)"))).toEqual([
      ["E0346", "5:12", "`take` needs a floating-point table, but `ids` is i32[B] (and the ids `E` are f32[10, 4])", "the table comes first and the ids second: `take(E, ids)`"],
    ]);
  });

  it("a scalar table is E0346, reported once", () => {
    const d = diags(model("ids: i32[B], s: f32", "y: f32[B]", "  y = take(s, ids)"));
    expect(d.map(([code, at, msg]) => [code, at, msg])).toEqual([["E0346", "4:12", "`take` picks rows of its table, but `s` is f32[], a scalar, which has none"]]);
  });

  it("lowers in a model with a train section (E is a trained param)", () => {
    const m = lowerText(`dim B\nmodel M(ids: i32[B]) -> (y: f32[B, 2]) {\n  param E: f32[5, 2]\n  y = take(E, ids)\n}\ntrain M {\n  input t: f32[B, 2]\n  loss = mean((y - t) ^ 2)\n  optimizer = sgd(lr = 0.1)\n}\n`);
    expect(listing(m).some((l) => l.startsWith("y = take(E, ids)"))).toBe(true);
  });
});

describe("one_hot(ids, n)", () => {
  it("i32[...] to the model's float type [..., n]; f64 under --dtype f64; a dim as n", () => {
    const text = model("ids: i32[B, T]", "y: f32[B, T, 27]", "  y = one_hot(ids, 27)");
    const m = lowerText(text);
    expect(node(m, "y")).toMatchObject({ op: "one_hot", attrs: { classes: 27, dtype: "f32" } });
    expect(typeOf(lowerText(text, { dtype: "f64" }), "y")).toBe("f64[B, T, 27]");
    expect(typeOf(lowerText(`dim B\ndim C\nmodel M(ids: i32[B]) -> (y: f32[B, C]) {\n  y = one_hot(ids, C)\n}\n`), "y")).toBe("f32[B, C]");
  });

  it("float ids are E0345; n below 1 is refused by its kind", () => {
    expect(diags(model("ids: f32[B]", "y: f32[B, 3]", "  y = one_hot(ids, 3)"))).toEqual([
      ["E0345", "4:15", "`one_hot` needs i32 ids, but `ids` is f32[B]", "ids are row indices: declare them as integers, e.g. `ids: i32[B]`"],
    ]);
    expect(diags(model("ids: i32[B]", "y: f32[B, 3]", "  y = one_hot(ids, 0)")).map(([code]) => code)).toEqual(["E0203"]);
  });
});

describe("float(x)", () => {
  it("bool and i32 become the model's float type through a cast", () => {
    const m = lowerText(model("x: f32[B, 3], ids: i32[B]", "m: f32[B, 3], f: f32[B]", "  m = float(x > 0)\n  f = float(ids)"));
    expect(node(m, "m")).toMatchObject({ op: "cast", attrs: { dtype: "f32" } });
    expect(typeOf(m, "f")).toBe("f32[B]");
    const m64 = lowerText(model("ids: i32[B]", "f: f32[B]", "  f = float(ids)"), { dtype: "f64" });
    expect(typeOf(m64, "f")).toBe("f64[B]");
  });

  it("a float operand is returned unchanged (no node added)", () => {
    const m = lowerText(model("x: f32[B, 3]", "y: f32[B, 3]", "  y = float(x) * 2"));
    expect(m.graph.nodes.some((n) => n.op === "cast")).toBe(false);
  });

  it("a fraction of matches: mean(float(pred == label)) checks", () => {
    const text = model("pred: i32[B], label: i32[B]", "acc: f32", "  acc = mean(float(pred == label))");
    expect(typeOf(lowerText(text), "acc")).toBe("f32[]");
  });
});
