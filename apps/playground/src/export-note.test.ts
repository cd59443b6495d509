import { describe, expect, it } from "vitest";
import { savedNote } from "./export-note.ts";

describe("the download menu's note", () => {
  it("says only the file name while the editor's text is the checked program", () => {
    expect(savedNote("onnx", "Spiral.onnx", "a", "a")).toBe("saved Spiral.onnx");
    expect(savedNote("nn", "Spiral.nn", "a", "a")).toBe("saved Spiral.nn");
  });

  it("says the .nn is the editor's text when no program has checked", () => {
    expect(savedNote("nn", "playground.nn", "bad", null)).toBe("saved playground.nn");
  });

  it("says which program each file is of when the editor's text differs from the checked one", () => {
    expect(savedNote("ts", "Spiral.ts", "edited", "checked")).toBe(
      "saved Spiral.ts: of the last program that checked, not the editor's text (not checked yet, or with errors)",
    );
    expect(savedNote("onnx", "Spiral.onnx", "edited", "checked")).toContain("of the last program that checked");
    expect(savedNote("nn", "Spiral.nn", "edited", "checked")).toBe(
      "saved Spiral.nn: the editor's text, which has not checked; .ts, .js and .onnx are of the last program that checked",
    );
  });
});
