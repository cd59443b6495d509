/**
 * The status line and the diagnostics list for the page's copy of an analysis (PageAnalysis: the
 * model itself stays in the analysis Worker). Until diagnostics-panel.ts takes that narrower type
 * (requested of its owner), this adapts: the status line as diagnostics-panel.ts words it, and the
 * list drawn by diagnostics-panel.ts from the diagnostics and the failure (all it reads).
 */
import { SourceFile } from "@nnc/diagnostics";
import type { PageAnalysis } from "./analysis-protocol.ts";
import type { DiagnosticView } from "./analyze.ts";
import { showDiagnostics as showList } from "./diagnostics-panel.ts";

export function showStatus(status: HTMLElement, a: PageAnalysis): void {
  const errors = a.diagnostics.filter((d) => d.diagnostic.severity === "error").length;
  // An internal error is never "checks", whatever the diagnostics before it said.
  const failed = a.failure?.startsWith("internal compiler error") === true;
  status.textContent = failed ? "internal compiler error" : errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : a.model === undefined ? "checks" : `✓ ${a.model.name} checks`;
  status.className = `status ${errors > 0 || failed ? "bad" : "good"}`;
}

export function showDiagnostics(box: HTMLElement, a: PageAnalysis, onLocate: (d: DiagnosticView) => void): void {
  const { fileName, text, diagnostics, ok, failure } = a;
  showList(box, { fileName, text, source: new SourceFile(fileName, text), diagnostics, ok, explained: [], ...(failure === undefined ? {} : { failure }) }, onLocate);
}
