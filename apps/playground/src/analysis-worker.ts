/**
 * The analysis Worker (a module worker): compiles, differentiates and explains a program (analyze.ts),
 * draws both graphs, bounds them (large graphs become grouped boxes, @nnc/graph-view bound.ts) and lays
 * them out with dagre, so none of it runs on the page. The analysis itself stays here: the page gets a
 * summary and the drawings, and asks for the rest (the detail of a box, the model class, the lowered
 * model). Requests are answered in order; the page (analysis-client.ts) drops answers it no longer
 * wants and terminates this Worker when a check runs too long.
 */
import { backwardDrawing, boundDrawing, forwardDrawing, layoutDrawing, type DrawnGraph, type GraphLayout } from "@nnc/graph-view";
import { analyze, type Analysis } from "./analyze.ts";
import type { AnalyzeMessage, AnsweredMessage, AskMessage, Drawings, FromAnalysisWorker, ProgramRef, ToAnalysisWorker } from "./analysis-protocol.ts";
import { summarize } from "./analysis-summary.ts";
import { crashed } from "./analysis-wire.ts";
import { detailOf } from "./detail-data.ts";
import { earlyRequest } from "./early-request.ts";
import { generate } from "./generate.ts";

interface WorkerScope {
  /** The Worker's name: a share link's first request (early-request.ts), or "". */
  readonly name: string;
  postMessage(message: FromAnalysisWorker): void;
  onmessage: ((e: MessageEvent<ToAnalysisWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;

interface Kept {
  readonly fileName: string;
  readonly text: string;
  readonly analysis: Analysis;
  /** Both drawings unbounded (an expand request re-lays them out without compiling); null: nothing to draw. */
  readonly drawn: { forward: DrawnGraph; backward: DrawnGraph } | null;
}

/**
 * The analyses kept, newest last: the one the page shows and the newest (they differ while a newer
 * check is under way), so the page's requests about the shown one never analyse it again.
 */
const KEEP = 2;
const kept: Kept[] = [];

function analysisOf(p: ProgramRef): Kept {
  const at = kept.findIndex((k) => k.fileName === p.fileName && k.text === p.text);
  if (at >= 0) {
    const [found] = kept.splice(at, 1);
    kept.push(found!);
    return found!;
  }
  const analysis = analyze(p.fileName, p.text);
  const drawn = analysis.ok && analysis.forward !== undefined && analysis.grad !== undefined ? { forward: forwardDrawing(analysis.forward), backward: backwardDrawing(analysis.grad) } : null;
  const k = { fileName: p.fileName, text: p.text, analysis, drawn };
  kept.push(k);
  if (kept.length > KEEP) kept.shift();
  return k;
}

/** Each tie the drawn boxes name, with its forward node's position (the colour the page gives it). */
function tiesOf(a: Analysis, layouts: readonly GraphLayout[]): [string, number][] {
  const wanted = new Set(layouts.flatMap((l) => l.boxes.map((p) => p.box.tie)));
  const out: [string, number][] = [];
  (a.forward?.nodes ?? []).forEach((n, i) => {
    if (wanted.has(n.id)) out.push([n.id, i]);
  });
  return out;
}

function laidOut(a: Analysis, drawn: { forward: DrawnGraph; backward: DrawnGraph }, expanded: readonly string[]): Drawings {
  const forward = boundDrawing(drawn.forward, { expanded });
  const backward = boundDrawing(drawn.backward, { expanded });
  const layouts = [layoutDrawing(forward), layoutDrawing(backward)] as const;
  return { forward: layouts[0], backward: layouts[1], hiddenEdges: forward.hiddenEdges + backward.hiddenEdges, ties: tiesOf(a, layouts) };
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function onAnalyze(m: AnalyzeMessage): void {
  const t0 = performance.now();
  let found: Kept;
  try {
    found = analysisOf(m);
  } catch (e) {
    scope.postMessage({ type: "analyzed", id: m.id, analysis: crashed(m.id, m.fileName, m.text, messageOf(e)), drawings: null, analyzeMs: performance.now() - t0, layoutMs: 0 });
    return;
  }
  const { analysis, drawn } = found;
  const t1 = performance.now();
  let drawings: Drawings | null = null;
  let result = analysis;
  try {
    drawings = drawn === null ? null : laidOut(analysis, drawn, m.expanded);
  } catch (e) {
    result = { ...analysis, failure: `internal compiler error (drawing the graphs): ${messageOf(e)}` };
  }
  scope.postMessage({ type: "analyzed", id: m.id, analysis: summarize(result, m.id), drawings, analyzeMs: t1 - t0, layoutMs: performance.now() - t1 });
}

/** The answer to `m` (analysing its program first when the Worker no longer has it). */
function answer(m: AskMessage): AnsweredMessage {
  switch (m.type) {
    case "generate":
      return { type: "answered", kind: "generate", id: m.id, result: generate(analysisOf(m).analysis, m.settings, m.target) };
    case "model":
      return { type: "answered", kind: "model", id: m.id, result: analysisOf(m).analysis.model ?? null };
    case "detail":
      return { type: "answered", kind: "detail", id: m.id, result: detailOf(analysisOf(m).analysis, m.box, m.seed) };
  }
}

/** What a request is answered with when answering it threw (a compiler bug): said for code, nothing to show otherwise. */
function failed(m: AskMessage, e: unknown): AnsweredMessage {
  if (m.type === "generate") return { type: "answered", kind: "generate", id: m.id, result: { ok: false, message: `code generation failed: ${messageOf(e)}` } };
  return m.type === "model" ? { type: "answered", kind: "model", id: m.id, result: null } : { type: "answered", kind: "detail", id: m.id, result: null };
}

function onAsk(m: AskMessage): void {
  let reply: AnsweredMessage;
  try {
    reply = answer(m);
  } catch (e) {
    reply = failed(m, e);
  }
  scope.postMessage(reply);
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === "analyze") onAnalyze(m);
  else onAsk(m);
};

// A share link's first check, carried in the Worker's name: answered before any message (they queue meanwhile).
const early = earlyRequest(scope.name);
if (early !== null) onAnalyze(early);
