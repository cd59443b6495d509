export type * from "./ast.ts";
export { parse, MAX_DIAGNOSTICS } from "./parse.ts";
export type { ParseResult } from "./parse.ts";
export { MAX_NESTING } from "./nesting.ts";
export { MAX_EXPR_DEPTH } from "./depth.ts";
export * from "./format/index.ts";
