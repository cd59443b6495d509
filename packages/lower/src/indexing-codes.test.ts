/** The erroneous examples of `nnc explain` for the indexing and tuple codes really produce their code. */
import { describe, expect, it } from "vitest";
import { codeInfo } from "@nnc/diagnostics";
import { codes } from "./test-helpers.ts";

/** The indented program after "Erroneous example:" in an explanation. */
function example(code: string): string {
  const text = codeInfo(code)?.explanation ?? "";
  const block = text.split("Erroneous example:\n\n")[1]?.split("\n\nHow to fix it")[0] ?? "";
  return block
    .split("\n")
    .map((l) => l.replace(/^ {4}/, ""))
    .join("\n");
}

describe("explanations of the indexing codes", () => {
  for (const code of ["E0115", "E0116", "E0117", "E0318", "E0319", "E0320", "E0321", "E0322", "E0323", "E0324", "E0325", "E0326"]) {
    it(`${code}'s erroneous example reports ${code} and nothing else`, () => {
      const program = example(code);
      expect(program).toMatch(/^(model|block) /);
      expect(codes(`dim B\n${program}\n`).map((c) => c.split(" ")[0])).toEqual([code]);
    });
  }
});
