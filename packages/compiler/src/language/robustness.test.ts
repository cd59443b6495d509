/**
 * Half-typed programs: every example truncated at 5 places (the state at the end of a file mid-typing) and
 * with a 3-character hole at the same places; every request answers without a throw, and every span it
 * returns lies within the text.
 */
import type { Span } from "@nnc/diagnostics";
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";
import {
  analyzeDocument,
  complete,
  definition,
  documentSymbols,
  editorDiagnostics,
  hover,
  prepareRename,
  references,
  rename,
  signatureHelp,
} from "../index.ts";

const dir = new URL("../../../../examples/", import.meta.url);
const examples = readdirSync(dir).filter((n) => n.endsWith(".nn"));

function variants(text: string): string[] {
  const cuts = [0.2, 0.4, 0.55, 0.7, 0.9].map((f) => Math.floor(text.length * f));
  return cuts.flatMap((cut) => [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 3)]);
}

test.each(examples)("%s truncated or holed at 5 places: every request answers within the text", (name) => {
  const text = readFileSync(new URL(name, dir), "utf8");
  const spans: Span[] = [];
  let renamed = 0;
  for (const variant of variants(text)) {
    const a = analyzeDocument(name, variant);
    spans.push(...editorDiagnostics(a).map((d) => d.span));
    documentSymbols(a);
    for (let offset = 0; offset <= a.text.length; offset += 12) {
      const h = hover(a, offset);
      if (h !== undefined) spans.push(h.span);
      const d = definition(a, offset);
      if (d !== undefined) spans.push(d);
      spans.push(...references(a, offset));
      complete(a, offset);
      signatureHelp(a, offset);
      const check = prepareRename(a, offset);
      if (check.ok) spans.push(check.span);
      const r = rename(a, offset, "z_renamed");
      if (r.ok) {
        renamed += 1;
        spans.push(...r.edits.map((e) => e.span));
      }
      const outOfText = spans.filter((s) => s.start < 0 || s.end < s.start || s.end > a.text.length);
      expect(outOfText).toEqual([]);
      spans.length = 0;
    }
  }
  // Every example declares names early enough that some cut keeps one to rename.
  expect(renamed).toBeGreaterThan(0);
});
