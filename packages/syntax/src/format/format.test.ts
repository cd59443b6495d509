import { describe, expect, it } from "vitest";
import { formatSource } from "./index.ts";

/** The formatted text of a model body (statements given one per line, indentation and spacing as given). */
function body(...lines: string[]): string {
  const result = formatSource(`model M(x: f32[4, 4]) -> (y: f32[4, 4]) {\n${lines.join("\n")}\n}\n`, "t.nn");
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("; "));
  return result.text.split("\n").slice(1, -2).join("\n");
}

describe("formatSource: spacing", () => {
  it("binary operators, named arguments and commas", () => {
    expect(body("y=relu(x@x+x*2-x/3)^2")).toBe("  y = relu(x @ x + x * 2 - x / 3) ^ 2");
    expect(body("y = x |>leaky_relu( alpha=0.1 )")).toBe("  y = x |> leaky_relu(alpha = 0.1)");
    expect(body("y = where(x>=0 , x , 0.1*x)")).toBe("  y = where(x >= 0, x, 0.1 * x)");
  });

  it("unary minus, paths, slices and the rank-generic `...`", () => {
    expect(body("y = - x * -2 - - x")).toBe("  y = -x * -2 - -x");
    expect(body("y = - ( x ^ 2 ) - ( x ) * -[ 1 ][0]")).toBe("  y = -(x ^ 2) - (x) * -[1][0]");
    expect(body("y = x[ : , 1 : -1 ] + x[ ..., 0:2 ] + x[: ,-1:]")).toBe("  y = x[:, 1:-1] + x[..., 0:2] + x[:, -1:]");
    expect(body("h = dense(x, out = 4)", "y = h + 0 * sum( h.W ^ 2 )")).toBe("  h = dense(x, out = 4)\n  y = h + 0 * sum(h.W ^ 2)");
  });

  it("tuples and lists", () => {
    expect(body("( a,b ) = split( x , 2 , axis = 1 )", "y = concat( [ a , b ] , axis=1 )")).toBe("  (a, b) = split(x, 2, axis = 1)\n  y = concat([a, b], axis = 1)");
  });

  it("signatures, contextual keywords and a train section", () => {
    const r = formatSource("dim  B\nblock b( x:f32[N,C] , m:float=0.1 )->f32[N,C]{\nbuffer  run:f32[C]=zeros()\nnext run=m*run\nreturn x\n}\n", "t.nn");
    expect(r.ok && r.text).toBe("dim B\nblock b(x: f32[N, C], m: float = 0.1) -> f32[N, C] {\n  buffer run: f32[C] = zeros()\n  next run = m * run\n  return x\n}\n");
  });
});

describe("formatSource: alignment", () => {
  it("aligns the types of a run of params, and breaks the run at an empty line", () => {
    expect(body("param W: f32[4, 4]", "param bias: f32[4]", "", "param k: f32[4]", "y = x")).toBe("  param W:    f32[4, 4]\n  param bias: f32[4]\n\n  param k: f32[4]\n  y = x");
  });

  it("aligns the `=` of a run of one kind of statement one space after its longest left side", () => {
    expect(body("h = x", "long_name = h", "z     = x")).toBe("  h         = x\n  long_name = h\n  z         = x");
    // An empty line, a comment line or a statement of another kind ends a run.
    expect(body("a = x", "bb = x", "", "ccc = x", "# c", "dddd = x", "param W: f32[4]", "e = x")).toBe(
      "  a  = x\n  bb = x\n\n  ccc = x\n  # c\n  dddd = x\n  param W: f32[4]\n  e = x",
    );
    expect(body("(a, b) = split(x, 2, axis = 1)", "(c, dd) = split(x, 2, axis = 1)", "y = a")).toBe(
      "  (a, b)  = split(x, 2, axis = 1)\n  (c, dd) = split(x, 2, axis = 1)\n  y = a",
    );
    // A statement that goes on to the next line is not in a run.
    expect(body("a = x", "bb = concat([x,", "x], axis = 1)", "c = x")).toBe("  a = x\n  bb = concat([x,\n    x], axis = 1)\n  c = x");
  });

  it("aligns the `=` of a run of params after their aligned types", () => {
    expect(body("param W: f32[4, 4] = zeros()", "param b: f32[4]", "param long: f32[4]=ones()", "y = x")).toBe(
      "  param W:    f32[4, 4] = zeros()\n  param b:    f32[4]\n  param long: f32[4]    = ones()\n  y = x",
    );
  });

  it("depends on the tokens, line breaks, comments and empty lines only, not on the input's columns", () => {
    const a = body("h = x   # one", "long_name     = h # two", "", "param W:f32[4]  = zeros()", "param bias:   f32[4] = zeros()");
    const b = body("   h       = x # one", "long_name = h           # two", "", "param W:    f32[4]=zeros()", "param bias: f32[4]         = zeros()");
    expect(a).toBe(b);
    expect(a).toBe("  h         = x  # one\n  long_name = h  # two\n\n  param W:    f32[4] = zeros()\n  param bias: f32[4] = zeros()");
  });

  it("aligns the `=` of a train section's settings", () => {
    const r = formatSource("model M(x: f32[2]) -> (y: f32[2]) {\n  y = x\n}\ntrain M {\n  input t: f32[2]\n  loss = sum((y - t) ^ 2)\n  optimizer = sgd(lr = 0.1)\n  epochs=2\n}\n", "t.nn");
    expect(r.ok && r.text.split("\n").slice(4, 8)).toEqual(["  input t: f32[2]", "  loss      = sum((y - t) ^ 2)", "  optimizer = sgd(lr = 0.1)", "  epochs    = 2"]);
  });
});

describe("formatSource: comments, lines and errors", () => {
  it("aligns a run of trailing comments two spaces after its longest code, indents comment lines, collapses empty lines", () => {
    expect(body("y = x        # moved", "", "", "", "      # a comment line", "#x")).toBe("  y = x  # moved\n\n  # a comment line\n  #x");
    expect(body("y = x # one", "y = relu(x)    # two", "y = x", "y = x    # three")).toBe(
      "  y = x        # one\n  y = relu(x)  # two\n  y = x\n  y = x  # three",
    );
  });

  it("a comment line under a trailing comment, in its column, continues it and joins its run", () => {
    expect(body("y  =  x    # a trailing comment", "           # that goes on", "y = relu(x)   # and another", "# then a comment line")).toBe(
      "  y = x        # a trailing comment\n               # that goes on\n  y = relu(x)  # and another\n  # then a comment line",
    );
  });

  it("drops empty lines at the ends and trailing spaces; CRLF becomes LF", () => {
    const r = formatSource("\n\n## doc\r\nmodel M(x: f32[2]) -> (y: f32[2]) {   \r\n\ty = x\r\n}\r\n\n\n", "t.nn");
    expect(r.ok && r.text).toBe("## doc\nmodel M(x: f32[2]) -> (y: f32[2]) {\n  y = x\n}\n");
  });

  it("a continuation line inside brackets gets one more level", () => {
    expect(body("y = concat([x,", "x], axis = 1)")).toBe("  y = concat([x,\n    x], axis = 1)");
  });

  it("returns the diagnostics of a source with syntax errors and formats nothing", () => {
    const r = formatSource("model M(x: f32[2]) -> (y: f32[2]) {\n  y = x +\n}\n", "bad.nn");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => [d.code, d.span.line])).toEqual([["E0012", 3]]);
  });

  it("a formatted file is a fixed point", () => {
    const once = formatSource("dim B\nmodel  M( x:f32[B,2] )->( y:f32[B,2] ){\n  y=x   # c\n}\n", "t.nn");
    const twice = once.ok ? formatSource(once.text, "t.nn") : once;
    expect(twice.ok && !twice.changed && once.ok && once.changed).toBe(true);
  });
});
