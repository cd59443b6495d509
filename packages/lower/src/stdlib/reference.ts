/**
 * docs/stdlib.md, generated from the standard library's sources (packages/lower/stdlib/*.nn) so the
 * reference cannot drift from what the compiler ships: per file, per block, its signature and doc
 * comment as written, its params and buffers (shapes and initializers, defaults spelled out), the
 * library blocks it calls (whose params appear under those names), and its full source.
 */
import type { SourceFile, Span } from "@nnc/diagnostics";
import type { BlockDecl, Stmt } from "@nnc/syntax";
import { librarySignature, standardLibrary } from "./library.ts";

const INTRO = `# The standard library

Generated from packages/lower/stdlib/*.nn by packages/lower/src/stdlib/reference.test.ts: edit the \`.nn\` files,
then run \`NNC_UPDATE_GOLDEN=1 npx vitest run --root . --config ../../vitest.config.ts stdlib/\` in packages/lower
(twice: the first run embeds the sources, the second writes this file).

The standard library is a set of blocks written in nnc itself and shipped with the compiler. They are
always in scope: a program calls \`dense(x, out = 64)\`, \`h |> layer_norm()\` or
\`scan(lstm_cell, xs, init = (h0, c0), axis = 1)\` with no declaration and no import, exactly as it calls a
block of its own.

- **Parameters** are named after the call's binding, as for your own blocks: \`h = dense(x, out = 64)\` has the
  params \`h.W\` and \`h.b\`; a block that calls blocks nests their names (\`y.0.attn.Wq\` for the attention of
  the first repetition of \`y = x |> repeat(transformer_block, times = 2, heads = 4)\`). Paths such as
  \`h.W\` work in a loss and in checkpoints.
- **Shadowing (note E0124).** A block declared in your file with a library block's name wins in your file:
  every call you write uses yours, and \`nnc check\` says so with note E0124 (a note, not an error). Rename your
  block to call the library's.
- **Hygiene.** Inside a library block, calls name library blocks only, and your program's \`dim\`s are not
  visible: what a library block computes never depends on the file that uses it (your own \`layer_norm\` does
  not change the library's \`transformer_block\`).
- **Errors** inside a library block (a shape that does not fit, say) are reported at your call, with the
  library's line (\`nnc:std/norm.nn:12:3\`) as a note.
- Each block below lists the PyTorch module it matches and how its parameters map; the test suite compares
  every block with PyTorch and checks its gradients against central differences.
`;

/** The text of a span in its library file. */
function textOf(file: SourceFile, span: Span): string {
  return file.text.slice(span.start, span.end);
}

/** A `##` doc comment as Markdown: a line ending a sentence ends its paragraph. */
function docMarkdown(doc: string): string[] {
  const out: string[] = [];
  for (const line of doc.split("\n").map((l) => l.trim())) {
    out.push(line);
    if (/[.!?]$/.test(line)) out.push("");
  }
  if (out.at(-1) !== "") out.push("");
  return out;
}

/** Table rows for the params and buffers a block declares (an absent initializer is the language's default). */
function stateRows(file: SourceFile, body: readonly Stmt[]): string[] {
  const rows: string[] = [];
  for (const s of body) {
    if (s.kind !== "Param" && s.kind !== "Buffer") continue;
    // Defaults (initializers.ts, LANGUAGE.md): a param of rank ≥ 2 is glorot_uniform, else zeros; a buffer zeros.
    const fallback = s.kind === "Param" && s.type.dims.length >= 2 ? "glorot_uniform()" : "zeros()";
    const init = s.init === null ? `\`${fallback}\` (default)` : `\`${textOf(file, s.init.span)}\``;
    rows.push(`| \`${s.name.name}\` | ${s.kind === "Param" ? "param" : "buffer"} | \`${textOf(file, s.type.span)}\` | ${init} |`);
  }
  return rows;
}

/** `name = block(…)` bindings of library blocks: their params appear under `name`. */
function subCalls(body: readonly Stmt[], library: ReadonlyMap<string, BlockDecl>): string[] {
  const out: string[] = [];
  for (const s of body) {
    if (s.kind === "Binding" && s.value.kind === "Call" && library.has(s.value.callee.name)) out.push(`\`${s.name.name}\` (\`${s.value.callee.name}\`)`);
  }
  return out;
}

function blockSection(decl: BlockDecl, file: SourceFile, library: ReadonlyMap<string, BlockDecl>): string[] {
  const out = [`### \`${decl.name.name}\``, "", "```", librarySignature(decl), "```", ""];
  out.push(...(decl.doc === undefined ? ["(no doc comment)", ""] : docMarkdown(decl.doc)));
  const rows = stateRows(file, decl.body);
  if (rows.length > 0) out.push("| name | kind | type | initializer |", "|---|---|---|---|", ...rows, "");
  const calls = subCalls(decl.body, library);
  if (calls.length > 0) out.push(`Calls (their params are under these names): ${calls.join(", ")}.`, "");
  out.push(`Source (\`${file.name}\`, line ${decl.span.line}):`, "", "```nn", textOf(file, decl.span), "```", "");
  return out;
}

/** Files in reading order: the simple layers first; files not listed follow by name. */
const FILE_ORDER = ["dense.nn", "embedding.nn", "norm.nn", "recurrent.nn", "attention.nn"].map((f) => `nnc:std/${f}`);

function rank(file: SourceFile): number {
  const i = FILE_ORDER.indexOf(file.name);
  return i < 0 ? FILE_ORDER.length : i;
}

/** The Markdown text of docs/stdlib.md. */
export function stdlibReference(): string {
  const { blocks, files } = standardLibrary();
  const ordered = [...files.values()].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const byFile = ordered.map((file) => ({ file, decls: [...blocks.values()].filter((b) => b.span.file === file.name) }));
  const out = [INTRO, "## Contents", "", "| block | signature | file |", "|---|---|---|"];
  for (const { file, decls } of byFile) {
    for (const d of decls) out.push(`| [\`${d.name.name}\`](#${d.name.name}) | \`${librarySignature(d)}\` | \`${file.name}\` |`);
  }
  out.push("");
  for (const { file, decls } of byFile) {
    out.push(`## \`${file.name}\``, "");
    for (const d of decls) out.push(...blockSection(d, file, blocks));
  }
  return out.join("\n").trimEnd() + "\n";
}
