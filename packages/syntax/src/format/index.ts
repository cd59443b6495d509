/** Placeholder: the formatter helper replaces this. */
export {};
