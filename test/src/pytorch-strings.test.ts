/**
 * pyStr's invariant, checked by Python itself: every literal it writes evaluates to exactly the input
 * string, code point for code point — characters above U+FFFF (emoji, CJK extensions), lone
 * surrogates, quotes, backslashes, control characters and Python's line breaks. One Python process.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pyStr } from "@nnc/codegen-pytorch";
import { runPython } from "./torch-python.ts";

/** Reads one literal a line (ast.literal_eval: no code runs) and prints its code points as JSON. */
const READER = String.raw`
import ast, json, sys
for line in sys.stdin.read().split("\n")[:-1]:
    print(json.dumps([ord(c) for c in ast.literal_eval(line)]))
`;

const codePoints = (s: string): number[] => Array.from(s, (ch) => ch.codePointAt(0)!);

const HOSTILE = ["dät😀.json", "😀", "𠀀𪛖", "\ud83d", "x\ude00y", "\ude00\ud83d", 'a"b\'c\\d"""', "\r\n\u2028\u0085\u0000\u007f", "50%(x)s", "é…"];

describe("pyStr in Python", () => {
  it("evaluates to exactly the input, code point for code point", () => {
    const random = fc.sample(fc.string({ unit: "binary", maxLength: 40 }), { numRuns: 200, seed: 13 });
    const inputs = [...HOSTILE, ...random];
    const lits = inputs.map(pyStr);
    // Each literal is one line of printable ASCII: nothing in it can end the line early.
    for (const l of lits) expect(l).toMatch(/^[\x20-\x7e]+$/);
    const r = runPython(["-c", READER], { input: lits.map((l) => `${l}\n`).join("") });
    expect(r.status, r.stderr).toBe(0);
    const got = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as number[]);
    expect(got).toHaveLength(inputs.length);
    inputs.forEach((s, i) => {
      expect(got[i], JSON.stringify(s)).toEqual(codePoints(s));
    });
  });
});
