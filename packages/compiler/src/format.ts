/** The formatter (`nnc fmt`, LSP formatting, the playground): `formatSource` of @nnc/syntax, browser-safe. */
export { formatSource } from "@nnc/syntax";
export type { FormatResult } from "@nnc/syntax";
