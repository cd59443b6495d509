/**
 * The runtime for Node: the browser-safe core (core.ts) and the Node adapter — file data sources
 * (CSV, IDX, NPY, JSON, MNIST), checkpoints and atomic writes, memory limits, predict, runTraining
 * and the program's `main`.
 */
export * from "./core.ts";
export * from "./mnist-data.ts";
export * from "./file-read.ts";
export * from "./csv-data.ts";
export * from "./idx-data.ts";
export * from "./npy-data.ts";
export * from "./json-data.ts";
export * from "./data-source.ts";
export * from "./atomic-write.ts";
export { dataSpecFiles } from "./save-target.ts";
export * from "./checkpoint.ts";
export * from "./run.ts";
export * from "./predict.ts";
export * from "./program-main.ts";
export * from "./relaxed-simd.ts";
export * from "./error-boundary.ts";
export * from "./runtime-source.ts";
export * from "./memory-budget.ts";
export * from "./text-data.ts";
export * from "./text-data-report.ts";
export * from "./corpus-names.ts";
