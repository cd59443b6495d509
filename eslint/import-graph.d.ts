// Types of import-graph.js for TypeScript importers (tests in test/src/).
export interface ImportRef {
  readonly specifier: string;
  readonly typeOnly: boolean;
  /** 1-based */
  readonly line: number;
  /** 0-based */
  readonly column: number;
}
export function isCodeFile(file: string): boolean;
export function readImports(fileName: string, text: string): ImportRef[];
export function resolveRelative(fromFile: string, specifier: string): string | null;
export function isRelative(specifier: string): boolean;
export function listCodeFiles(dir: string): string[];
export function importsOf(file: string): ImportRef[];
export function relativeTargetsOf(file: string): string[];
