export * from "./check.ts";
export * from "./summary.ts";
export * from "./pipeline.ts";
export * from "./memory.ts";
