/**
 * One analysed document: the driver's own check (diagnostics exactly as `nnc check` reports them,
 * lowered graphs when the file has no errors) and the file's symbol table. Everything an editor asks
 * (hover, definition, completion, rename, …) is answered from one `Analysis`; nothing here reads files.
 */
import { hasErrors, type Span } from "@nnc/diagnostics";
import { BUILTINS, type LoweredModel } from "@nnc/lower";
import type { Node } from "@nnc/ir";
import { checkSource, type CheckResult } from "../check.ts";
import { libraryBlocks } from "./library.ts";
import { buildSymbols, type Definition, type SymbolTable } from "./symbols.ts";

export interface Analysis {
  readonly fileName: string;
  readonly text: string;
  readonly check: CheckResult;
  readonly symbols: SymbolTable;
  /**
   * While the document has errors: the models of its last version without errors, so a model's names keep
   * showing shapes while a line is being typed (marked as such). Undefined when this version checks cleanly.
   */
  readonly lastGood?: readonly LoweredModel[];
}

/** `previous`: the analysis of the document's previous version, if any (the source of `lastGood`). */
export function analyzeDocument(fileName: string, text: string, previous?: Analysis): Analysis {
  const check = checkSource(fileName, text);
  const library = libraryBlocks();
  const symbols = buildSymbols(check.ast, { isBuiltin: (n) => BUILTINS.has(n), isLibraryBlock: (n) => library.has(n) });
  const lastGood = !hasErrors(check.diagnostics) || previous === undefined ? undefined : hasErrors(previous.check.diagnostics) ? previous.lastGood : previous.check.lowered;
  return { fileName, text, check, symbols, ...(lastGood === undefined ? {} : { lastGood }) };
}

const within = (inner: Span, outer: Span): boolean => inner.start >= outer.start && inner.end <= outer.end;

/**
 * The graph nodes that compute a declared name: in a model the node whose id is the name (or the
 * output it aliases); in a block, one node per call (`h1.t`, `h2.t`: ids end with `.name` and the node
 * was lowered from the block's declaration). Empty when the file has errors (no graphs) or the value is
 * an alias of another name (no node of its own). `stale`: found in the last version without errors
 * (model names only: a block's nodes are matched by source position, which edits move).
 */
export function nodesOf(a: Analysis, d: Definition): { model: LoweredModel; node: Node; stale?: true }[] {
  if (d.owner?.kind === "Model" && a.lastGood !== undefined) return nodesIn(a.lastGood, d).map((n) => ({ ...n, stale: true }));
  return nodesIn(a.check.lowered, d);
}

function nodesIn(models: readonly LoweredModel[], d: Definition): { model: LoweredModel; node: Node }[] {
  const found: { model: LoweredModel; node: Node }[] = [];
  const owner = d.owner;
  if (owner === undefined) return found;
  for (const model of models) {
    if (owner.kind === "Model") {
      if (model.name !== owner.name.name) continue;
      const out = model.graph.outputs.find((o) => o.name === d.name);
      const id = model.graph.nodes.some((n) => n.id === d.name) ? d.name : out?.id;
      const node = model.graph.nodes.find((n) => n.id === id);
      if (node !== undefined) found.push({ model, node });
      continue;
    }
    for (const node of model.graph.nodes) {
      if (node.id.endsWith(`.${d.name}`) && node.span !== undefined && within(node.span, owner.span)) found.push({ model, node });
    }
  }
  return found;
}
