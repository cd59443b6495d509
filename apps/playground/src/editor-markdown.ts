/**
 * The language service's little Markdown (fenced `nnc` code, paragraphs, `- ` lists, inline `code`,
 * and `docs/NAME.md` references) as DOM, built with text nodes only: nothing in it is parsed as HTML.
 */
import { h, type Child } from "./dom.ts";
import { docsLink } from "./editor-docs.ts";

const FENCE = /```nnc\n([\s\S]*?)\n```/g;
const INLINE = /`([^`]+)`|\b(docs\/([a-z-]+\.md))\b/g;

/** Inline code and docs links; `section` is the heading docs links point into (a library block's name). */
function inline(text: string, section?: string): Child[] {
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h("code", {}, m[1]));
    else {
      const file = m[3] ?? "";
      const link = docsLink(file, file === "stdlib.md" ? section : undefined);
      out.push(h("a", { class: "nn-doc-link", href: link.href, target: "_blank", rel: "noopener" }, m[2] ?? file));
    }
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

function prose(text: string, section?: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const para of text.split(/\n{2,}/)) {
    const lines = para.split("\n").filter((l) => l.trim() !== "");
    if (lines.length === 0) continue;
    if (lines.every((l) => l.startsWith("- "))) out.push(h("ul", {}, ...lines.map((l) => h("li", {}, ...inline(l.slice(2), section)))));
    else out.push(h("p", {}, ...inline(lines.join(" "), section)));
  }
  return out;
}

/** The Markdown as a list of block elements (`pre.nn-code` for code, `p`, `ul`). */
export function markdownToDom(markdown: string, section?: string): HTMLElement[] {
  const out: HTMLElement[] = [];
  let last = 0;
  for (const m of markdown.matchAll(FENCE)) {
    out.push(...prose(markdown.slice(last, m.index), section));
    out.push(h("pre", { class: "nn-code" }, m[1] ?? ""));
    last = m.index + m[0].length;
  }
  out.push(...prose(markdown.slice(last), section));
  return out;
}
