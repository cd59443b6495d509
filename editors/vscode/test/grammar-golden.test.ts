// Every example tokenized by the grammar, compared with a golden file of scopes per token
// (test/golden/<example>.tokens; NNC_UPDATE_GOLDEN=1 rewrites them: read the diff before committing).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { IGrammar } from "vscode-textmate";
import { EXTENSION_DIR, formatTokens, loadNnGrammar, tokenize } from "./textmate.ts";

const EXAMPLES = path.resolve(EXTENSION_DIR, "../../examples");
const GOLDEN = path.join(EXTENSION_DIR, "test", "golden");
const HEADER = "# line:start-end (1-based columns, end exclusive)  scopes without source.nn and meta.*  \"text\"\n";

function expectGolden(file: string, actual: string): void {
  if (process.env["NNC_UPDATE_GOLDEN"] === "1") {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file missing: ${file} (run with NNC_UPDATE_GOLDEN=1 and review it)`);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadNnGrammar();
});

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();

describe("the grammar on examples/*.nn", () => {
  it("finds the examples", () => {
    expect(examples).toEqual(expect.arrayContaining(["mnist-mlp.nn", "lstm-names.nn", "batchnorm-mlp.nn", "char-transformer.nn"]));
  });

  for (const name of examples) {
    it(`${name}: scopes = golden, nothing marked invalid`, () => {
      const tokens = tokenize(grammar, readFileSync(path.join(EXAMPLES, name), "utf8"));
      const invalid = tokens.filter((t) => t.scopes.some((s) => s.startsWith("invalid.")));
      expect(invalid, "a valid example has no invalid token").toEqual([]);
      expectGolden(path.join(GOLDEN, name.replace(/\.nn$/, ".tokens")), HEADER + formatTokens(tokens));
    });
  }
});
