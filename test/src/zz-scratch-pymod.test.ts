import { it } from "vitest";
import { readFileSync } from "node:fs";
import { compile } from "@nnc/compiler";
import { moduleOf } from "./pytorch-support.ts";
it("dump", () => {
  for (const f of ["char-transformer.nn", "batchnorm-mlp.nn", "cnn.nn"]) {
    const src = readFileSync(`../examples/${f}`, "utf8");
    const c = compile(src, { fileName: `examples/${f}`, dtype: "f32", generate: "none" });
    const m = moduleOf(c.forward!, c.forward!.outputs.map((o) => o.name).filter((n) => n !== "loss"), { loss: c.model!.train!.loss, trainInputs: c.model!.train!.trainInputs }, `examples/${f}`, src);
    console.log(m.code);
  }
});
