/**
 * The analysis Worker (a module worker): compiles, differentiates and explains a program (analyze.ts),
 * draws both graphs, bounds them (large graphs become grouped boxes, @nnc/graph-view bound.ts) and lays
 * them out with dagre, so none of it runs on the page. It also generates the Code tab's class. Requests
 * are answered in order; the page (analysis-client.ts) drops answers it no longer wants and terminates
 * this Worker when a check runs too long.
 */
import { backwardDrawing, boundDrawing, forwardDrawing, layoutDrawing, type DrawnGraph } from "@nnc/graph-view";
import { analyze, type Analysis } from "./analyze.ts";
import type { AnalyzeMessage, Drawings, FromAnalysisWorker, GenerateMessage, ToAnalysisWorker } from "./analysis-protocol.ts";
import { crashed, toWire } from "./analysis-wire.ts";
import { generate } from "./generate.ts";

interface WorkerScope {
  postMessage(message: FromAnalysisWorker): void;
  onmessage: ((e: MessageEvent<ToAnalysisWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

/** The last program analysed, with its unbounded drawings (an expand request re-lays them out without compiling). */
let last: { readonly fileName: string; readonly text: string; readonly analysis: Analysis; readonly drawn: { forward: DrawnGraph; backward: DrawnGraph } | null } | null = null;

function analysisOf(fileName: string, text: string): NonNullable<typeof last> {
  if (last?.fileName === fileName && last.text === text) return last;
  const analysis = analyze(fileName, text);
  const drawn = analysis.ok && analysis.forward !== undefined && analysis.grad !== undefined ? { forward: forwardDrawing(analysis.forward), backward: backwardDrawing(analysis.grad) } : null;
  last = { fileName, text, analysis, drawn };
  return last;
}

function laidOut(drawn: { forward: DrawnGraph; backward: DrawnGraph }, expanded: readonly string[]): Drawings {
  const forward = boundDrawing(drawn.forward, { expanded });
  const backward = boundDrawing(drawn.backward, { expanded });
  return { forward: layoutDrawing(forward), backward: layoutDrawing(backward), hiddenEdges: forward.hiddenEdges + backward.hiddenEdges };
}

function onAnalyze(m: AnalyzeMessage): void {
  const t0 = performance.now();
  let found: NonNullable<typeof last>;
  try {
    found = analysisOf(m.fileName, m.text);
  } catch (e) {
    scope.postMessage({ type: "analyzed", id: m.id, analysis: crashed(m.fileName, m.text, e instanceof Error ? e.message : String(e)), drawings: null, analyzeMs: performance.now() - t0, layoutMs: 0 });
    return;
  }
  const { analysis, drawn } = found;
  const t1 = performance.now();
  let drawings: Drawings | null = null;
  let result = analysis;
  try {
    drawings = drawn === null ? null : laidOut(drawn, m.expanded);
  } catch (e) {
    result = { ...analysis, failure: `internal compiler error (drawing the graphs): ${e instanceof Error ? e.message : String(e)}` };
  }
  scope.postMessage({ type: "analyzed", id: m.id, analysis: toWire(result), drawings, analyzeMs: t1 - t0, layoutMs: performance.now() - t1 });
}

function onGenerate(m: GenerateMessage): void {
  try {
    const { analysis } = analysisOf(m.fileName, m.text);
    scope.postMessage({ type: "generated", id: m.id, result: generate(analysis, m.settings, m.target) });
  } catch (e) {
    scope.postMessage({ type: "generated", id: m.id, result: { ok: false, message: `code generation failed: ${e instanceof Error ? e.message : String(e)}` } });
  }
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "analyze") onAnalyze(m);
  else onGenerate(m);
};
