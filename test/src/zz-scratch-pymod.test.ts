import { it } from "vitest";
import { compile } from "@nnc/compiler";
import { printGraph } from "@nnc/ir";
import { randomProgram } from "./random-model-gen.ts";
import { moduleOf } from "./pytorch-support.ts";
it("dump", () => {
  for (const [k, seed] of [[9, 79190], [15, 126704]] as const) {
    const src = randomProgram(seed, 1 + (k % 6));
    const c = compile(src, { fileName: "random.nn", dtype: "f64", generate: "none" });
    const m = moduleOf(c.forward!, c.forward!.outputs.map((o) => o.name).filter((n) => n !== "loss"), { loss: c.model!.train!.loss, trainInputs: c.model!.train!.trainInputs }, "random.nn", src);
    console.log(src, "\n", printGraph(c.forward!), "\n", m.code);
  }
});
