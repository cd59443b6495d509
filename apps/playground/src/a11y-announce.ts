/**
 * One shared polite live region for one-off messages ("link copied"): screen readers read whatever
 * text is put into it. Panels whose messages live in their own element make that element role=status
 * instead; this is for events that have no element of their own.
 */
import { h } from "./dom.ts";

let region: HTMLElement | null = null;

function announcer(): HTMLElement {
  if (region === null || !region.isConnected) {
    region = document.getElementById("a11y-announcer") ?? h("div", { id: "a11y-announcer", class: "visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    if (!region.isConnected) document.body.append(region);
  }
  return region;
}

/** Says `text` (again, even if it is what was said last: the region is emptied first). */
export function announce(text: string): void {
  const r = announcer();
  r.textContent = "";
  // A change on the next frame is a new announcement even when the text is the same.
  requestAnimationFrame(() => {
    r.textContent = text;
  });
}
