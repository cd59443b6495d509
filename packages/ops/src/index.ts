export * from "./tensor.ts";
export * from "./op-def.ts";
export * from "./builder.ts";
export * from "./table.ts";
