/** Placeholder: the formatter helper replaces this with the compiler's entry to `formatSource` (packages/syntax/src/format). */
export {};
