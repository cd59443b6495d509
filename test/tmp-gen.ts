import { writeFileSync } from "node:fs";
import { differentiate } from "@nnc/autodiff";
import { generateFrom } from "./src/codegen/test-harness.ts";
import { lowerExample } from "./src/codegen/test-programs.ts";
const file = process.argv[2] ?? "mnist-mlp.nn";
const model = lowerExample(file, "f32");
const grad = differentiate({ graph: model.graph, of: model.train!.loss });
writeFileSync("/tmp/gen-" + file + ".ts", generateFrom({ model, grad, optimizer: model.train!.optimizer, dtype: "f32", target: "ts", source: { file } }).code);
