/** Placeholder: the VS Code helper replaces this. */
export const EXTENSION_PLACEHOLDER = true;
