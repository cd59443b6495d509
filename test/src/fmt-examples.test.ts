import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSource } from "@nnc/compiler";
import { recordingIo, runCli } from "@nnc/cli";
import { comments, programShape } from "./fmt-support.ts";

const root = join(import.meta.dirname, "..", "..");
const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".nn")).sort();

describe("nnc fmt on the examples", () => {
  it("finds the examples", () => {
    expect(examples.length).toBeGreaterThanOrEqual(11);
  });

  for (const file of examples) {
    it(`${file}: already formatted, and formatting keeps its program and comments`, () => {
      const text = readFileSync(join(root, "examples", file), "utf8");
      const once = formatSource(text, file);
      if (!once.ok) throw new Error(`${file} does not parse`);
      expect(once.text).toBe(text);
      const twice = formatSource(once.text, file);
      expect(twice.ok && twice.text).toBe(once.text);
      expect(programShape(once.text)).toBe(programShape(text));
      expect(comments(once.text)).toEqual(comments(text));
    });
  }

  it("`nnc fmt --check examples/*.nn` exits 0 and prints nothing", async () => {
    const io = recordingIo({ NO_COLOR: "1" });
    const status = await runCli(["fmt", "--check", ...examples.map((f) => join(root, "examples", f))], io);
    expect([status, io.out.join(""), io.err.join("")]).toEqual([0, "", ""]);
  });
});
