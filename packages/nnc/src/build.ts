/** Placeholder: the packaging helper replaces this. */
export const NNC_PACKAGE_PLACEHOLDER = true;
