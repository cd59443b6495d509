/** Every example program: generated outputs, loss and gradients equal the interpreter's. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { differentiate } from "@nnc/autodiff";
import { describe, expect, it } from "vitest";
import { compareWithInterpreter, type Domain } from "./test-harness.ts";
import { EXAMPLES, lowerSource } from "./test-programs.ts";

const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();
const lowerFile = (file: string, dtype: "f32" | "f64") => lowerSource(file, readFileSync(join(EXAMPLES, file), "utf8"), dtype);

describe("examples: generated code equals the interpreter", () => {
  it("finds the examples", () => {
    expect(files).toContain("mnist-mlp.nn");
  });
  for (const file of files) {
    for (const dtype of ["f64", "f32"] as const) {
      it(`${file} (${dtype})`, () => {
        for (const model of lowerFile(file, dtype)) {
          const grad = model.train === undefined ? null : differentiate({ graph: model.graph, of: model.train.loss });
          const domains: Record<string, Domain> = Object.fromEntries((model.train?.trainInputs ?? []).map((t) => [t, "label"]));
          const r = compareWithInterpreter(model, grad, { dtype, rows: 5, domains, classes: 2 });
          expect(r.maxError, r.worst).toBeLessThanOrEqual(dtype === "f64" ? 1e-9 : 1e-4);
          if (grad !== null) expect(r.compared).toContain("loss");
        }
      });
    }
  }
});
