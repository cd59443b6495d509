/** The standard library's blocks as the language service sees them: declaration, signature as written, file text. */
import { librarySignature, standardLibrary } from "@nnc/lower";
import type { BlockDecl } from "@nnc/syntax";

export interface LibraryBlock {
  readonly decl: BlockDecl;
  readonly signature: string;
  /** The library file's text (spans of `decl` index it). */
  readonly text: string;
}

let cached: ReadonlyMap<string, LibraryBlock> | undefined;

export function libraryBlocks(): ReadonlyMap<string, LibraryBlock> {
  if (cached !== undefined) return cached;
  const lib = standardLibrary();
  const out = new Map<string, LibraryBlock>();
  for (const [name, decl] of lib.blocks) out.set(name, { decl, signature: librarySignature(decl), text: lib.files.get(decl.span.file)?.text ?? "" });
  cached = out;
  return out;
}
