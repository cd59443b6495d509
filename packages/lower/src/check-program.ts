/** The checker's driver: top-level declarations, then each model lowered with its train section. */
import { diagnostic, type Diagnostic, type SourceFile, type Span } from "@nnc/diagnostics";
import type { BlockDecl, Ident, ModelDecl, Program, TrainDecl } from "@nnc/syntax";
import type { CheckOptions, LoweredModel } from "./api.ts";
import { checkBlockDecl, findRecursion } from "./block-checks.ts";
import { checkUncalledBlocks } from "./block-generic.ts";
import { BUILTINS } from "./builtins/table.ts";
import { DiagnosticSink, type ProgramInfo } from "./context.ts";
import { lowerModel } from "./model.ts";
import { BLOCK_FORMS } from "./scan-refs.ts";
import { librarySignature, standardLibrary } from "./stdlib/library.ts";
import { didYouMean } from "./suggest.ts";
// Special forms register themselves with block-hook.ts when loaded.
import "./scan.ts";
import "./repeat.ts";

function declareOnce<T>(sink: DiagnosticSink, map: Map<string, T>, name: Ident, what: string, value: T, firstSpan: (v: T) => Span): void {
  const prev = map.get(name.name);
  if (prev === undefined) {
    map.set(name.name, value);
    return;
  }
  sink.add(diagnostic("E0110", `${what} \`${name.name}\` is declared twice`, name.span, { label: "declared again here", labels: [{ span: firstSpan(prev), message: "first declared here" }] }));
}

/**
 * Checks every name, dtype and shape of `program` and lowers each model to a graph. Returns every
 * diagnostic (sorted by position) and the models that lowered without errors.
 */
export function checkProgram(program: Program, source: SourceFile, opts: CheckOptions = {}): { diagnostics: Diagnostic[]; models: LoweredModel[] } {
  const sink = new DiagnosticSink();
  const dims = new Map<string, Ident>();
  const blocks = new Map<string, BlockDecl>();
  const models = new Map<string, ModelDecl>();
  const trains: TrainDecl[] = [];
  for (const item of program.items) {
    if (item.kind === "Dim") for (const n of item.names) declareOnce(sink, dims, n, "dim", n, (v) => v.span);
    else if (item.kind === "Block") {
      if (BUILTINS.has(item.name.name) || BLOCK_FORMS.has(item.name.name)) {
        const what = BLOCK_FORMS.has(item.name.name) ? "a built-in form (`scan`, `repeat`)" : "a built-in function";
        sink.add(diagnostic("E0110", `block \`${item.name.name}\` has the name of ${what}`, item.name.span, { label: "a built-in name", help: "rename the block" }));
        continue;
      }
      declareOnce(sink, blocks, item.name, "block", item, (v) => v.name.span);
    } else if (item.kind === "Model") declareOnce(sink, models, item.name, "model", item, (v) => v.name.span);
    else trains.push(item);
  }
  for (const b of blocks.values()) checkBlockDecl(sink, b);
  const library = standardLibrary().blocks;
  for (const [name, b] of blocks) {
    const lib = library.get(name);
    if (lib === undefined) continue;
    sink.add(
      diagnostic("E0124", `block \`${name}\` is used instead of the standard library's \`${name}\``, b.name.span, {
        severity: "note",
        label: "this file's block wins",
        labels: [{ span: lib.name.span, message: `the library's \`${librarySignature(lib)}\`` }],
        help: `delete this block to use the library's \`${name}\` (docs/stdlib.md), or rename it to keep both`,
      }),
    );
  }
  const recursive = findRecursion(sink, blocks);
  const trainOf = new Map<string, TrainDecl>();
  for (const t of trains) {
    const name = t.model.name;
    if (!models.has(name)) {
      const near = didYouMean(name, models.keys());
      sink.add(diagnostic("E0401", `\`train ${name}\` names no model`, t.model.span, {
        label: "no model of this name",
        ...(near === undefined ? { help: `declare \`model ${name}(...) -> (...) { ... }\`` } : { help: near }),
      }));
      continue;
    }
    const first = trainOf.get(name);
    if (first !== undefined) {
      sink.add(diagnostic("E0402", `model \`${name}\` has two train sections`, t.model.span, { label: "a second train section", labels: [{ span: first.model.span, message: "the first one" }], help: "merge them into one" }));
      continue;
    }
    trainOf.set(name, t);
  }
  const prog: ProgramInfo = { source, sink, dims, blocks, library, recursive, f64: opts.dtype === "f64", undeclaredDims: new Set(), instantiated: new Set() };
  const lowered: LoweredModel[] = [];
  for (const m of models.values()) {
    const l = lowerModel(prog, m, trainOf.get(m.name.name));
    if (l !== undefined) lowered.push(l);
  }
  checkUncalledBlocks(prog);
  const diagnostics = [...sink.list].sort((a, b) => a.span.start - b.span.start);
  return { diagnostics, models: lowered };
}
