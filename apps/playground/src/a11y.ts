/**
 * The page's accessibility glue that belongs to no panel (a module entry of index.html, after main.ts):
 * keeps the visually hidden live region #diagnostics-count in step with the diagnostics list, so a
 * screen reader hears "2 errors, 1 warning" when the counts change, whoever renders the list.
 */
import { problemSummary } from "./a11y-summary.ts";

function summarize(list: HTMLElement, out: HTMLElement): void {
  const rows = [...list.querySelectorAll("[data-testid=diagnostic]")];
  const errors = rows.filter((r) => r.classList.contains("error")).length;
  const warnings = rows.filter((r) => r.classList.contains("warning")).length;
  const failed = list.querySelector(".diag.error:not([data-testid=diagnostic])") !== null;
  const text = problemSummary(errors, warnings, failed);
  // Only a change is announced: re-rendering the same list says nothing.
  if (out.textContent !== text) out.textContent = text;
}

const list = document.getElementById("diagnostics");
const out = document.getElementById("diagnostics-count");
if (list !== null && out !== null) {
  new MutationObserver(() => {
    summarize(list, out);
  }).observe(list, { childList: true, subtree: true });
  if (list.childElementCount > 0) summarize(list, out);
}
