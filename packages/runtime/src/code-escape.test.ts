/**
 * Each escaping context, against every character that can end a comment, string or line, or hide
 * code from a reader: the result parses, evaluates to the input exactly, and runs nothing planted in it.
 */
import { createContext, runInContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commentText, jsString, jsValue, propertyKey, stringBody } from "./code-escape.ts";

const HOSTILE: readonly string[] = ["\u2028", "\u2029", "*/", "`", "${", "'", '"', "\\", "\u0000", "\u001b", "\n", "\r", "\u202e", "\u2066", "\r\n", "\u0085", "\ufeff", "\ud800", "\udc00x"];
/** A payload that marks the sandbox's global object if it ever runs. */
const PAYLOAD = "globalThis.pwned = 1;";
const samples = HOSTILE.flatMap((c) => [c, `a${c}${PAYLOAD}${c}//`, `${c}${PAYLOAD}`, `x${c}0${c}1`]);
/** Raw characters no escaped text may contain (see code-escape.ts). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const sandbox = createContext({}) as { pwned?: number };

/** Evaluates `code` as a strict script in a separate global; the value and whether the payload ran. */
function run(code: string): { value: unknown; pwned: boolean } {
  delete sandbox.pwned;
  const value: unknown = runInContext(`"use strict";\n${code}`, sandbox);
  return { value, pwned: "pwned" in sandbox };
}

/** Every string the fuzzer draws: any UTF-16 code units, hostile ones much more often. */
const anyText = fc.array(fc.oneof(fc.constantFrom(...HOSTILE, PAYLOAD), fc.string({ unit: "binary" })), { maxLength: 6 }).map((a) => a.join(""));
const FUZZ = { seed: Number(process.env["NNC_FUZZ_SEED"] ?? 9), numRuns: 300 };

describe("commentText", () => {
  it("stays inside a // comment and a /* */ comment, with no raw control, bidi or line-break character", () => {
    for (const s of samples) {
      const c = commentText(s);
      expect(c, JSON.stringify(s)).not.toMatch(RAW);
      expect(c).not.toContain("*/");
      expect(run(`// ${c}\n7`)).toEqual({ value: 7, pwned: false });
      expect(run(`/* ${c} */ 7`)).toEqual({ value: 7, pwned: false });
      expect(run(`/** ${c}*/ 7`)).toEqual({ value: 7, pwned: false });
    }
    expect(commentText("a\u2028b*/c\u001b")).toBe("a\\u2028b*\\/c\\u001b");
  });

  it("holds for any text (fuzzed)", () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const c = commentText(s);
        return !RAW.test(c) && !c.includes("*/") && run(`// ${c}\n/* ${c} */ 7`).value === 7;
      }),
      FUZZ,
    );
  });
});

describe("jsString and stringBody", () => {
  it("evaluate to exactly the input between any quotes, in strict code, running nothing", () => {
    for (const s of samples) {
      expect(jsString(s)).not.toMatch(RAW);
      expect(run(jsString(s)), JSON.stringify(s)).toEqual({ value: s, pwned: false });
      for (const q of ["'", "`"]) expect(run(`${q}${stringBody(s)}${q}`), `${q} ${JSON.stringify(s)}`).toEqual({ value: s, pwned: false });
    }
    expect(jsString("a\u0000" + "1")).toBe('"a\\u00001"');
    expect(jsString("${x}`'")).toBe('"\\${x}\\`\\\'"');
  });

  it("round-trips any text (fuzzed)", () => {
    fc.assert(
      fc.property(anyText, (s) => !RAW.test(jsString(s)) && run(jsString(s)).value === s && run(`\`${stringBody(s)}\``).value === s && run(`'${stringBody(s)}'`).value === s),
      FUZZ,
    );
  });
});

describe("propertyKey and jsValue", () => {
  it("define own properties: `__proto__` is a key, never the prototype", () => {
    const o = run(`({ ${propertyKey("__proto__")}: 1, ${propertyKey("constructor")}: 2, ${propertyKey("toString")}: 3 })`).value as Record<string, number>;
    expect(Object.getPrototypeOf(o)).not.toBeNull();
    expect(Object.keys(o)).toEqual(["__proto__", "constructor", "toString"]);
    expect(Object.hasOwn(o, "__proto__") && o["__proto__"] === 1).toBe(true);
    // What the generator used to write: the prototype is set and the key is gone.
    expect(Object.keys(run(`({ ${jsString("__proto__")}: [1] })`).value as object)).toEqual([]);
  });

  it("writes data that evaluates to an equal value, hostile strings and keys included", () => {
    const args: Record<string, unknown> = {};
    Object.defineProperty(args, "__proto__", { value: "own", enumerable: true });
    args["k\u2029"] = [1.5, -0, "\\"];
    const data = { source: `p\u2028${PAYLOAD}*/\``, args, n: [Number.NaN, Infinity, -Infinity, 1e300], t: true, none: null };
    for (const indent of [0, 2]) {
      const code = jsValue(data, indent);
      expect(code.replace(/\n */g, ""), "no raw character but the layout's line breaks").not.toMatch(RAW);
      const { value, pwned } = run(`(${code})`);
      expect(pwned).toBe(false);
      const v = value as typeof data;
      expect(v.source).toBe(data.source);
      expect(Object.entries(v.args)).toEqual([["__proto__", "own"], ["k\u2029", [1.5, -0, "\\"]]]);
      expect(Object.is((v.args as Record<string, unknown[]>)["k\u2029"]![1], -0)).toBe(true);
      expect(v.n).toEqual([Number.NaN, Infinity, -Infinity, 1e300]);
    }
  });

  it("lays out plain data exactly as JSON.stringify(v, null, 2) does", () => {
    const info = { source: "examples/spirals.nn", model: "Spiral", dataDir: ".", train: { data: { source: "csv", args: { "0": "d.csv", label: "y" } }, batch: 32, epochs: null, list: [], empty: {} } };
    expect(jsValue(info, 2)).toBe(JSON.stringify(info, null, 2));
    expect(jsValue(info)).toBe(JSON.stringify(info));
  });

  it("refuses what is not data", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => jsValue(cyclic)).toThrow(/cyclic/);
    expect(() => jsValue({ f: () => 1 })).toThrow(/function/);
  });
});
