/**
 * The browser-safe entry of the driver: `compile` (classes, no whole programs) and what the CLI, the
 * playground and the bench need from the packages below, so they import nothing below the compiler.
 * Nothing reachable from here imports a `node:` module.
 */
export * from "./compile.ts";
export * from "./check.ts";
export * from "./summary.ts";
export * from "./pipeline.ts";
export * from "./memory.ts";
export * from "./explanation.ts";
export * from "./jacobian.ts";
export * from "./program-info.ts";
export * from "./reexports.ts";
export * from "./format.ts";
export * from "./language/index.ts";
export * from "./export-lazy.ts";
