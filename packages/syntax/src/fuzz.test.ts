import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { Span } from "@nnc/diagnostics";
import type { ParseResult } from "./parse.ts";
import { parseText } from "./test-helpers.ts";

const dir = new URL("../../../examples/", import.meta.url);
/** Every v0.2 form in one program, so that mutations hit them even before the examples use them. */
const V02_PROGRAM = `dim B, T, I, H, C

## An LSTM cell with two results.
block lstm_cell(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {
  param Wx: f32[I, 4 * H]
  param Wh: f32[H, 4 * H]
  param b:  f32[4 * H]
  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return (sigmoid(o) * tanh(c2), c2)
}

block norm(x: f32[B, C]) -> f32[B, C] {
  buffer mean_run: f32[C] = zeros()
  m = mean(x, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  mu = where(training, m, mean_run)
  return x - mu
}

model Seq(xs: f32[B, T, I], h0: f32[B, H], c0: f32[B, H]) -> (y: f32[B, C]) {
  (hs, cs) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)
  last = hs[:, -1]
  h1 = dense(last[..., 0:H], C)
  z = h1 |> repeat(norm, times = 2)
  y = z[1:B, :] + 0 * sum(h1.W ^ 2) + 0 * sum(z.0.mean_run)
}

train Seq {
  input label: i32[B]
  loss = mean(cross_entropy(y, label)) + 1e-4 * sum(h1.W ^ 2)
}
`;
const examples = [...readdirSync(dir).filter((f) => f.endsWith(".nn")).map((f) => readFileSync(new URL(f, dir), "utf8")), V02_PROGRAM];

function isSpan(value: unknown): value is Span {
  return typeof value === "object" && value !== null && "start" in value && "end" in value && "line" in value;
}

/** Every span in the diagnostics and the AST (walked without recursion) lies inside the text. */
function spansInside(result: ParseResult, text: string): boolean {
  const inside = (s: Span): boolean => s.start >= 0 && s.start <= s.end && s.end <= text.length && s.line >= 1 && s.column >= 1;
  for (const d of result.diagnostics) {
    if (!inside(d.span) || !d.labels.every((l) => inside(l.span))) return false;
  }
  const stack: unknown[] = [result.program];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (isSpan(value)) {
      if (!inside(value)) return false;
      continue;
    }
    stack.push(...(Object.values(value) as unknown[]));
  }
  return true;
}

function check(text: string): boolean {
  const result = parseText(text);
  return spansInside(result, text) && result.diagnostics.every((d) => /^E00\d\d$/.test(d.code));
}

type Edit = { kind: "delete" | "insert" | "duplicate"; at: number; len: number; text: string };

const edit = fc.record({
  kind: fc.constantFrom<Edit["kind"]>("delete", "insert", "duplicate"),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  text: fc.oneof(fc.constantFrom("(", ")", "[", "]", "{", "}", ",", "=", "==", ":", "->", "|>", "\"", "#", "##", "\n", "param ", "model ", "1e", "-", "\0", "×",
    ".", "...", "next ", "buffer ", "(a, b) = ", "[:, -1]", ".0", "0.", ".W"), fc.string({ maxLength: 4 })),
});

function apply(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  if (e.kind === "delete") return text.slice(0, at) + text.slice(at + e.len);
  if (e.kind === "insert") return text.slice(0, at) + e.text + text.slice(at);
  return text.slice(0, at) + text.slice(at, at + e.len) + text.slice(at);
}

/** Tokens of the v0.2 forms and their neighbours, for token soups inside a model body. */
const V02_PIECES = [
  "[", "]", ":", "...", ".", "(", ")", ",", "=", "x", "h1", "0", "1.5", "-", "^", "|>", "f(", "next", "buffer", "\n", " ", "return", "f32[3]", "{", "}",
];

describe("fuzz", () => {
  it("the v0.2 program used as a mutation base parses cleanly", () => {
    expect(parseText(V02_PROGRAM).diagnostics).toEqual([]);
  });

  it("token soups of `[ ] : ... . ( ,` and the v0.2 statements never throw and yield spans inside the file", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...V02_PIECES), { maxLength: 60 }), (pieces) => {
        const text = `model M(x: f32[3]) -> (y: f32[3]) {\n  y = ${pieces.join(" ")}\n}\n`;
        return check(text) && check(pieces.join(""));
      }),
      { numRuns: 300 },
    );
  });

  it("random byte strings never throw and yield spans inside the file", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => check(new TextDecoder("latin1").decode(bytes))),
      { numRuns: 150 },
    );
  });

  it("random Unicode strings never throw and yield spans inside the file", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), check), { numRuns: 150 });
  });

  it("mutated examples never throw and yield spans inside the file", () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) =>
        check(edits.reduce(apply, examples[which]!)),
      ),
      { numRuns: 200 },
    );
  });

  it("a single deleted character gives at most a few diagnostics, never a cascade per line", () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.nat(), (which, at) => {
        const source = examples[which]!;
        const mutated = apply(source, { kind: "delete", at, len: 1, text: "" });
        const result = parseText(mutated);
        return spansInside(result, mutated) && result.diagnostics.length <= 3;
      }),
      { numRuns: 200 },
    );
  });
});
