/** The list under the editor: each diagnostic as `nnc check` prints it, with a button that shows its span; and the status line. */
import type { Analysis, DiagnosticView } from "./analyze.ts";
import { h } from "./dom.ts";

export function showStatus(status: HTMLElement, a: Analysis): void {
  const errors = a.diagnostics.filter((d) => d.diagnostic.severity === "error").length;
  status.textContent = errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : a.model === undefined ? "checks" : `✓ ${a.model.name} checks`;
  status.className = `status ${errors > 0 ? "bad" : "good"}`;
}

export function showDiagnostics(box: HTMLElement, a: Analysis, onLocate: (d: DiagnosticView) => void): void {
  box.replaceChildren();
  if (a.failure !== undefined) box.append(h("pre", { class: "diag error" }, a.failure));
  for (const d of a.diagnostics) {
    const s = d.diagnostic.span;
    const head = h("button", { class: "loc", title: "show in the editor" }, `${s.line}:${s.column}`);
    head.addEventListener("click", () => {
      onLocate(d);
    });
    box.append(h("div", { class: `diag ${d.diagnostic.severity}`, "data-testid": "diagnostic", "data-line": String(s.line) }, head, h("pre", {}, d.text)));
  }
  if (a.diagnostics.length === 0 && a.failure === undefined) box.append(h("p", { class: "ok" }, "No problems."));
}
