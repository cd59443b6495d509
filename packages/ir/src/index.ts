export * from "./dim.ts";
export * from "./types.ts";
export * from "./graph.ts";
