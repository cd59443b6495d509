export * from "./span.ts";
export * from "./diagnostic.ts";
export * from "./diagnostic-code.ts";
export * from "./codes/index.ts";
export * from "./render.ts";
export * from "./terminal-text.ts";
