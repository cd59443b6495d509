/**
 * The standard library: blocks written in `.nn` (packages/lower/stdlib/*.nn, embedded by sources.ts),
 * parsed once per process and always in scope. A user's block of the same name wins (with note E0124);
 * inside a library block, calls resolve to library blocks only, and the program's dims are not visible,
 * so what a library block means never depends on the file that uses it.
 */
import { SourceFile, type Span } from "@nnc/diagnostics";
import { parse, type BlockDecl } from "@nnc/syntax";
import { LIBRARY_SOURCES } from "./sources.ts";

/** The file names of library sources start with this; a URL-like name, as `node:fs`, that no relative path a user types looks like. */
export const LIBRARY_PREFIX = "nnc:std/";

export interface Library {
  /** Every library block by name. */
  readonly blocks: ReadonlyMap<string, BlockDecl>;
  /** Library source files by name (`nnc:std/norm.nn`), for code frames and quoted source text. */
  readonly files: ReadonlyMap<string, SourceFile>;
}

let cached: Library | undefined;

/** The parsed library. A library that does not parse is a compiler bug (the library tests catch it). */
export function standardLibrary(): Library {
  if (cached !== undefined) return cached;
  const blocks = new Map<string, BlockDecl>();
  const files = new Map<string, SourceFile>();
  for (const { file, text } of LIBRARY_SOURCES) {
    const source = new SourceFile(file, text);
    const parsed = parse(source);
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(`internal: the standard library file ${file} does not parse: ${errors.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join("; ")}`);
    files.set(file, source);
    for (const item of parsed.program.items) {
      if (item.kind !== "Block") throw new Error(`internal: the standard library file ${file} declares a ${item.kind.toLowerCase()}; it may declare blocks only`);
      if (blocks.has(item.name.name)) throw new Error(`internal: the standard library declares block \`${item.name.name}\` twice`);
      blocks.set(item.name.name, item);
    }
  }
  cached = { blocks, files };
  return cached;
}

/** True for a span inside a library source file. */
export function isLibrarySpan(span: Span): boolean {
  return span.file.startsWith(LIBRARY_PREFIX) && standardLibrary().files.has(span.file);
}

/** True for a block declared by the library (not a user's block of the same name). */
export function isLibraryBlock(decl: BlockDecl): boolean {
  return standardLibrary().blocks.get(decl.name.name) === decl;
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
