export * from "./check.ts";
export * from "./summary.ts";
