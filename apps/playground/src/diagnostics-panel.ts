/**
 * The list under the editor: each diagnostic as `nnc check` prints it, with a button that shows its
 * span; and the status line. The headline and the help/note lines wrap inside the panel; the code
 * frame keeps its columns (carets line up) and scrolls sideways inside its own box, never the page.
 * Text between backticks becomes a <code> element (built from text nodes, never parsed as HTML).
 */
import type { Analysis, DiagnosticView } from "./analyze.ts";
import { h } from "./dom.ts";
import "./diagnostics-panel.css";

/**
 * `text` with each `code` span as a <code> element: backticks pair up left to right; an unpaired
 * last backtick stays as text. The result holds text nodes and <code> elements only.
 */
export function codeSpans(text: string): (string | HTMLElement)[] {
  const parts = text.split("`");
  const out: (string | HTMLElement)[] = [];
  // Odd-numbered parts lie between a pair of backticks; with an even count of parts the last backtick is unpaired.
  const paired = parts.length % 2 === 1 ? parts.length : parts.length - 1;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i >= paired) out.push(`\`${p}`);
    else if (i % 2 === 1) out.push(h("code", {}, p));
    else if (p !== "") out.push(p);
  }
  return out;
}

/** A frame line `   |     ^^^ label`: the gutter and markers kept as they are, the label with code spans. */
function frameLine(line: string): (string | HTMLElement)[] {
  const m = /^(\s*\d*\s*\|\s*[\^\-~]+\s?)(.*)$/.exec(line);
  return m === null ? [line] : [m[1]!, ...codeSpans(m[2]!)];
}

/** One diagnostic's text: headline (wraps), code frame (scrolls sideways), `= help:`/`= note:` lines (wrap). */
function diagnosticBody(text: string): HTMLElement {
  const lines = text.replace(/\n+$/, "").split("\n");
  const body = h("div", { class: "diag-body" }, h("p", { class: "diag-head" }, ...codeSpans(lines[0] ?? "")));
  let frame: HTMLElement | null = null;
  for (const line of lines.slice(1)) {
    const note = /^\s*= (help|note): (.*)$/.exec(line);
    if (note !== null) {
      frame = null;
      body.append(h("p", { class: `diag-${note[1]!}` }, h("span", { class: "diag-kind" }, `${note[1]!}: `), ...codeSpans(note[2]!)));
      continue;
    }
    if (frame === null) {
      frame = h("pre", { class: "diag-frame", tabindex: "0", "aria-label": "source excerpt" });
      body.append(frame);
    } else frame.append("\n");
    frame.append(...frameLine(line));
  }
  return body;
}

/** What the status line and the list read of an analysis (the page's copy, PageAnalysis, has just these). */
export type Shown = Pick<Analysis, "diagnostics" | "failure"> & { readonly model?: { readonly name: string } };

export function showStatus(status: HTMLElement, a: Shown): void {
  const errors = a.diagnostics.filter((d) => d.diagnostic.severity === "error").length;
  // An internal error is never "checks", whatever the diagnostics before it said.
  const failed = a.failure?.startsWith("internal compiler error") === true;
  status.textContent = failed ? "internal compiler error" : errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : a.model === undefined ? "checks" : `✓ ${a.model.name} checks`;
  status.className = `status ${errors > 0 || failed ? "bad" : "good"}`;
}

export function showDiagnostics(box: HTMLElement, a: Shown, onLocate: (d: DiagnosticView) => void): void {
  box.replaceChildren();
  if (a.failure !== undefined) box.append(h("div", { class: "diag error", "data-testid": "diagnostic-failure" }, diagnosticBody(a.failure)));
  for (const d of a.diagnostics) {
    const s = d.diagnostic.span;
    const head = h("button", { class: "loc", title: "show in the editor", "aria-label": `${s.line}:${s.column}, show line ${s.line}, column ${s.column} in the editor` }, `${s.line}:${s.column}`);
    head.addEventListener("click", () => {
      onLocate(d);
    });
    box.append(h("div", { class: `diag ${d.diagnostic.severity}`, "data-testid": "diagnostic", "data-line": String(s.line) }, head, diagnosticBody(d.text)));
  }
  if (a.diagnostics.length === 0 && a.failure === undefined) box.append(h("p", { class: "ok" }, "No problems."));
}
