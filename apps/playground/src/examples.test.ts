import { describe, expect, it } from "vitest";
import { EXAMPLES, exampleById, keptShare, pickerLabel } from "./examples.ts";

const matvec = exampleById("matvec")!;

describe("the picker's label", () => {
  it("is the title while the text is the example's", () => {
    expect(pickerLabel(matvec, matvec.source)).toBe("b = W·a (the Jacobian)");
  });

  it("says 'edited:' with the short title after a small edit", () => {
    expect(pickerLabel(matvec, `${matvec.source}# mine\n`)).toBe("edited: b = W·a");
    expect(pickerLabel(exampleById("spirals")!, `${exampleById("spirals")!.source} `)).toBe("edited: Spirals classifier");
    expect(pickerLabel(exampleById("mnist-mlp")!, `${exampleById("mnist-mlp")!.source}\n`)).toBe("edited: Digits MLP");
  });

  it("says 'your program' once fewer than half of the example's lines are left", () => {
    const own = "model K(a: f32[2]) -> (b: f32[2]) {\n  b = a * 2\n}\n";
    expect(keptShare(matvec, own)).toBeLessThan(0.5);
    expect(pickerLabel(matvec, own)).toBe("your program");
    const lines = matvec.source.split("\n");
    const half = lines.slice(0, Math.ceil(lines.length * 0.75)).join("\n");
    expect(keptShare(matvec, half)).toBeGreaterThanOrEqual(0.5);
    expect(pickerLabel(matvec, half)).toMatch(/^edited: /);
  });

  it("keeps every edited label at most 27 characters (what a 390 px picker shows)", () => {
    for (const e of EXAMPLES) expect(pickerLabel(e, `${e.source} `).length, e.id).toBeLessThanOrEqual(27);
  });
});
