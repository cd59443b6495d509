/** Placeholder: the language-service helper replaces this (hover, definitions, completion, … for `nnc lsp` and the playground). */
export {};
