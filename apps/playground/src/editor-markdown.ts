/**
 * The language service's little Markdown (fenced `nnc` code, paragraphs, `- ` lists, inline `code`)
 * as DOM, built with text nodes only: nothing in it is parsed as HTML.
 */
import { h, type Child } from "./dom.ts";

const FENCE = /```nnc\n([\s\S]*?)\n```/g;
const INLINE = /`([^`]+)`/g;

/** Text with its `code` spans. */
function inline(text: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index), h("code", {}, m[1] ?? ""));
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function prose(text: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const para of text.split(/\n{2,}/)) {
    const lines = para.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith("- "))) out.push(h("ul", {}, ...lines.map((l) => h("li", {}, ...inline(l.slice(2))))));
    else out.push(h("p", {}, ...inline(lines.join(" "))));
  }
  return out;
}

/** The Markdown as a list of block elements (`pre.nn-code` for code, `p`, `ul`). */
export function markdownToDom(markdown: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  let last = 0;
  for (const m of markdown.matchAll(FENCE)) {
    out.push(...prose(markdown.slice(last, m.index)));
    out.push(h("pre", { class: "nn-code" }, m[1] ?? ""));
    last = m.index + m[0].length;
  }
  out.push(...prose(markdown.slice(last)));
  return out;
}
