// The language configuration's patterns, compiled as VS Code compiles them (JavaScript RegExp), on real lines.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "./textmate.ts";

interface LanguageConfiguration {
  readonly comments: { lineComment: string };
  readonly brackets: readonly [string, string][];
  readonly autoClosingPairs: readonly { open: string; close: string }[];
  readonly surroundingPairs: readonly [string, string][];
  readonly wordPattern: string;
  readonly indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
}

const config = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "language-configuration.json"), "utf8")) as LanguageConfiguration;
const EXAMPLES = path.resolve(EXTENSION_DIR, "../../examples");
const lines = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith(".nn"))
  .flatMap((f) => readFileSync(path.join(EXAMPLES, f), "utf8").split("\n"));

describe("language-configuration.json", () => {
  it("comments with `#` and pairs the three brackets (and quotes when typing)", () => {
    expect(config.comments.lineComment).toBe("#");
    expect(config.brackets).toEqual([["{", "}"], ["[", "]"], ["(", ")"]]);
    expect(config.autoClosingPairs.map((p) => p.open + p.close)).toEqual(["{}", "[]", "()", '""']);
    expect(config.surroundingPairs.map((p) => p.join(""))).toEqual(expect.arrayContaining(["{}", "[]", "()", '""']));
  });

  it("takes a whole name or number as a word, as the lexer does (`h1`, `glorot_uniform`, `1e-3`)", () => {
    const word = new RegExp(config.wordPattern, "g");
    expect("h1 = glorot_uniform() * 1e-3 + y.0.W".match(word)).toEqual(["h1", "glorot_uniform", "1e-3", "y", "0", "W"]);
  });

  it("indents after a line that opens a bracket, and outdents a line that starts by closing one", () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    const opening = lines.filter((l) => /\{\s*$/.test(l) && !l.trimStart().startsWith("#"));
    expect(opening.length).toBeGreaterThan(20);
    for (const l of opening) expect(increase.test(l), l).toBe(true);
    expect(increase.test("model M(x: f32[3]) -> (y: f32[3]) {   # a comment")).toBe(true);
    expect(increase.test("  h = relu(x)   # not { an opening")).toBe(false);
    expect(increase.test("  h = relu(x)")).toBe(false);
    for (const l of lines.filter((x) => x.trim() === "}")) expect(decrease.test(l)).toBe(true);
    expect(decrease.test("  h = relu(x)")).toBe(false);
  });
});
