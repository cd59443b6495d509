import { describe, expect, it } from "vitest";
import { checkText, lowerText } from "./test-helpers.ts";

const MODEL = `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 3]) {
  param W: f32[2, 3]
  logits = x @ W
}
`;

function train(settings: string): string {
  return `${MODEL}train M {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = adam()\n${settings}\n}\n`;
}

describe("bounds of train settings", () => {
  it("accepts epochs up to 1,000,000 and seeds up to 2^32 − 1", () => {
    expect(lowerText(train("  epochs = 1000000\n  seed = 4294967295")).train).toMatchObject({ epochs: 1_000_000, seed: 4_294_967_295 });
  });

  it("refuses larger ones with E0407 at the value, naming the range", () => {
    for (const [setting, message] of [
      ["seed = 1e300", "`seed` must be a whole number from 0 to 4294967295"],
      ["seed = 4294967296", "`seed` must be a whole number from 0 to 4294967295"],
      ["epochs = 1e20", "`epochs` must be a whole number from 1 to 1000000"],
    ] as const) {
      const r = checkText(train(`  ${setting}`));
      expect(r.diagnostics.map((d) => d.code)).toEqual(["E0407"]);
      expect(r.diagnostics[0]!.message).toContain(message);
      expect(r.diagnostics[0]!.span.line).toBe(10);
    }
  });
});
