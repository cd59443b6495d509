/**
 * The standard library: blocks written in `.nn` (packages/lower/stdlib/*.nn, embedded by sources.ts),
 * always in scope. A user's block of the same name wins (with note E0124); inside a library block,
 * calls resolve to library blocks only, and the program's dims are not visible, so what a library
 * block means never depends on the file that uses it.
 *
 * A library file is parsed the first time one of its blocks is asked for (at most once per process):
 * a program that calls no library block (`nnc check` of most files) parses none. Which file declares
 * which block is read off the sources' `block NAME` lines; library.test.ts checks that this index
 * equals what parsing every file declares, in the same order.
 */
import { SourceFile, type Span } from "@nnc/diagnostics";
import { parse, type BlockDecl } from "@nnc/syntax";
import { LIBRARY_SOURCES } from "./sources.ts";

/** The file names of library sources start with this; a URL-like name, as `node:fs`, that no relative path a user types looks like. */
export const LIBRARY_PREFIX = "nnc:std/";

export interface Library {
  /** Every library block by name, in file order then declaration order. */
  readonly blocks: ReadonlyMap<string, BlockDecl>;
  /** Library source files by name (`nnc:std/norm.nn`), for code frames and quoted source text. */
  readonly files: ReadonlyMap<string, SourceFile>;
}

/** A library file's `block NAME` declarations, read without parsing (every item of a library file is a block at a line start). */
export function declaredBlockNames(text: string): string[] {
  return [...text.matchAll(/^block[ \t]+([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => m[1]!);
}

/** The blocks of one library file, parsed. A library that does not parse is a compiler bug (the library tests catch it). */
function parseLibraryFile(source: SourceFile): Map<string, BlockDecl> {
  const parsed = parse(source);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`internal: the standard library file ${source.name} does not parse: ${errors.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("; ")}`);
  const blocks = new Map<string, BlockDecl>();
  for (const item of parsed.program.items) {
    if (item.kind !== "Block") throw new Error(`internal: the standard library file ${source.name} declares a ${item.kind.toLowerCase()}; it may declare blocks only`);
    blocks.set(item.name.name, item);
  }
  return blocks;
}

/** The library's blocks as a map whose lookups parse only the file declaring the name asked for. */
class LibraryBlocks implements ReadonlyMap<string, BlockDecl> {
  readonly #fileOf: ReadonlyMap<string, SourceFile>;
  readonly #parsed = new Map<SourceFile, Map<string, BlockDecl>>();
  #all: Map<string, BlockDecl> | undefined;

  constructor(fileOf: ReadonlyMap<string, SourceFile>) {
    this.#fileOf = fileOf;
  }

  get size(): number {
    return this.#fileOf.size;
  }

  has(name: string): boolean {
    return this.#fileOf.has(name);
  }

  get(name: string): BlockDecl | undefined {
    const source = this.#fileOf.get(name);
    if (source === undefined) return undefined;
    let blocks = this.#parsed.get(source);
    if (blocks === undefined) {
      blocks = parseLibraryFile(source);
      this.#parsed.set(source, blocks);
    }
    const decl = blocks.get(name);
    if (decl === undefined) throw new Error(`internal: the standard library file ${source.name} does not declare \`${name}\` as its \`block\` lines say`);
    return decl;
  }

  keys(): MapIterator<string> {
    return this.#fileOf.keys();
  }

  /** Every block, every file parsed. */
  #everything(): Map<string, BlockDecl> {
    this.#all ??= new Map([...this.#fileOf.keys()].map((name) => [name, this.get(name)!]));
    return this.#all;
  }

  entries(): MapIterator<[string, BlockDecl]> {
    return this.#everything().entries();
  }

  values(): MapIterator<BlockDecl> {
    return this.#everything().values();
  }

  [Symbol.iterator](): MapIterator<[string, BlockDecl]> {
    return this.entries();
  }

  forEach(callback: (value: BlockDecl, key: string, map: ReadonlyMap<string, BlockDecl>) => void, thisArg?: unknown): void {
    for (const [name, decl] of this.entries()) callback.call(thisArg, decl, name, this);
  }
}

let cached: Library | undefined;

/** The library (one object per process); its files are parsed on demand. */
export function standardLibrary(): Library {
  if (cached !== undefined) return cached;
  const files = new Map<string, SourceFile>();
  const fileOf = new Map<string, SourceFile>();
  for (const { file, text } of LIBRARY_SOURCES) {
    const source = new SourceFile(file, text);
    files.set(file, source);
    for (const name of declaredBlockNames(text)) {
      if (fileOf.has(name)) throw new Error(`internal: the standard library declares block \`${name}\` twice`);
      fileOf.set(name, source);
    }
  }
  cached = { blocks: new LibraryBlocks(fileOf), files };
  return cached;
}

/** True for a span inside a library source file. */
export function isLibrarySpan(span: Span): boolean {
  return span.file.startsWith(LIBRARY_PREFIX) && standardLibrary().files.has(span.file);
}

/** True for a block declared by the library (not a user's block of the same name). */
export function isLibraryBlock(decl: BlockDecl): boolean {
  return isLibrarySpan(decl.span) && standardLibrary().blocks.get(decl.name.name) === decl;
}

/**
 * A library block's signature as written in its file, whitespace collapsed:
 * `layer_norm(x: f32[..., D], eps: float = 0.00001) -> f32[..., D]`.
 */
export function librarySignature(decl: BlockDecl): string {
  const file = standardLibrary().files.get(decl.span.file);
  if (file === undefined) throw new Error(`internal: \`${decl.name.name}\` is not a standard-library block`);
  return file.text.slice(decl.name.span.start, decl.returnType.span.end).replace(/\s+/g, " ");
}
