import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportOnnxLazy } from "./index.ts";
import { exportOnnx } from "./node.ts";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");

describe("exportOnnxLazy (the browser's ONNX export)", () => {
  it("gives the Node entry's bytes, which start as an ONNX ModelProto (field 1, ir_version)", async () => {
    const text = readFileSync(join(EXAMPLES, "spirals.nn"), "utf8");
    const options = { fileName: "spirals.nn", version: "0.1.0" };
    const lazy = await exportOnnxLazy(text, options);
    const node = await exportOnnx(text, options);
    expect(lazy.diagnostics).toEqual([]);
    const bytes = lazy.onnx?.bytes;
    expect(bytes?.length).toBeGreaterThan(100);
    expect(bytes?.[0]).toBe(0x08);
    expect(bytes).toEqual(node.onnx?.bytes);
  });

  it("reports the exporter's diagnostics instead of bytes for a broken program", async () => {
    const r = await exportOnnxLazy("model M(x: f32[3]) -> y {\n}\n", { fileName: "m.nn", version: "0.1.0" });
    expect(r.onnx).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E0019"]);
  });
});
