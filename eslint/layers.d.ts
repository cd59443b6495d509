// Types of layers.js for TypeScript importers (tests in test/src/).
export interface Allowed {
  readonly value: readonly string[];
  readonly type: readonly string[];
  readonly any?: true;
}
export const APPS: readonly string[];
export const LAYERS: Readonly<Record<string, Allowed>>;
export const BROWSER_ENTRIES: readonly string[];
export function matches(item: string, specifier: string): boolean;
export function shortName(specifier: string): string;
export function describeAllowed(pkg: string): string;
