import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "./node.ts";

const examples = join(import.meta.dirname, "..", "..", "..", "examples");
const files = readdirSync(examples).filter((f) => f.endsWith(".nn")).sort();

/**
 * `nnc check`'s memory line plans the class without generating it (codegen-ts planModelMemory); the
 * plan must be the one the generated class allocates, explanation comments and all.
 */
describe("check's memory plan equals the generated class's", () => {
  for (const file of files) {
    for (const dtype of ["f32", "f64"] as const) {
      it(`${file} (${dtype})`, () => {
        const text = readFileSync(join(examples, file), "utf8");
        const checked = compile(text, { fileName: file, dtype, checkOnly: true, memory: true });
        const lowered = checked.lowered ?? [];
        expect(lowered.length).toBeGreaterThan(0);
        for (const m of lowered) {
          const planned = checked.memory?.get(m.name)?.plan;
          const generated = compile(text, { fileName: file, dtype, model: m.name, target: "js", generate: "class" });
          if (planned === null) {
            // A second symbolic dim: no class either (E0666).
            expect(generated.diagnostics.map((d) => d.code)).toContain("E0666");
          } else {
            expect(generated.generated?.memory).toBeDefined();
            expect(planned).toEqual(generated.generated!.memory);
          }
        }
      });
    }
  }
});
