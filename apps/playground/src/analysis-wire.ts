/**
 * An Analysis to and from its Worker form. A structured clone loses prototypes: the SourceFile (the
 * only class instance) is rebuilt, and the graphs' name-keyed records (`inits`, `grads`, `cotangents`),
 * made without a prototype so a value named `constructor` or `toString` is only ever its own entry, get
 * theirs back. analysis-client.test.ts checks that the clone of every example's Analysis, so restored,
 * equals the original prototype for prototype.
 */
import { SourceFile } from "@nnc/diagnostics";
import type { Graph } from "@nnc/compiler";
import type { Analysis } from "./analyze.ts";
import type { WireAnalysis } from "./analysis-protocol.ts";

export function toWire(a: Analysis): WireAnalysis {
  const { explained, ...rest } = a;
  return { ...rest, source: { name: a.source.name, text: a.source.text }, explainedJson: JSON.stringify(explained) };
}

/** `target` with an enumerable `explained` parsed from `json` when first read (then kept as a plain value). */
function withLazyExplained<T extends object>(target: T, json: string): T & Pick<Analysis, "explained"> {
  return Object.defineProperty(target, "explained", {
    enumerable: true,
    configurable: true,
    get(this: T): Analysis["explained"] {
      const value = JSON.parse(json) as Analysis["explained"];
      Object.defineProperty(this, "explained", { value, enumerable: true, configurable: true, writable: false });
      return value;
    },
  }) as T & Pick<Analysis, "explained">;
}

/** `r` again without a prototype (a structured clone gave it Object's). */
function bare<T extends object>(r: T): T {
  return Object.assign(Object.create(null) as T, r);
}

function graphBack(g: Graph): Graph {
  return { ...g, inits: bare(g.inits) };
}

export function fromWire(w: WireAnalysis): Analysis {
  const model = w.model === undefined ? {} : { model: { ...w.model, graph: graphBack(w.model.graph) } };
  const forward = w.forward === undefined ? {} : { forward: graphBack(w.forward) };
  const grad = w.grad === undefined ? {} : { grad: { ...w.grad, graph: graphBack(w.grad.graph), grads: bare(w.grad.grads), cotangents: bare(w.grad.cotangents) } };
  const { explainedJson, ...rest } = w;
  return withLazyExplained({ ...rest, ...model, ...forward, ...grad, source: new SourceFile(w.source.name, w.source.text) }, explainedJson);
}

/** What the page shows when the compiler itself failed (a bug, a crashed or stuck Worker): no diagnostics, the failure, no graphs. */
export function crashed(fileName: string, text: string, message: string): WireAnalysis {
  return { fileName, text, source: { name: fileName, text }, diagnostics: [], ok: true, explainedJson: "[]", failure: `internal compiler error: ${message}` };
}

/** Whether `a` failed inside the compiler (shown as an error, never beside a green check). */
export const isInternalError = (a: Pick<Analysis, "failure">): boolean => a.failure?.startsWith("internal compiler error") === true;
