/** Half-typed programs: every example cut short at several places, every request answered without a throw. */
import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { analyzeDocument, complete, definition, documentSymbols, editorDiagnostics, hover, prepareRename, signatureHelp } from "../index.ts";

const dir = new URL("../../../../examples/", import.meta.url);
const examples = readdirSync(dir).filter((n) => n.endsWith(".nn"));

test.each(examples)("%s cut at any of 5 places: every request answers", (name) => {
  const text = readFileSync(new URL(name, dir), "utf8");
  for (const cut of [0.2, 0.4, 0.55, 0.7, 0.9].map((f) => Math.floor(text.length * f))) {
    const a = analyzeDocument(name, text.slice(0, cut) + text.slice(cut + 3));
    expect(editorDiagnostics(a).every((d) => d.span.start >= 0 && d.span.end <= a.text.length)).toBe(true);
    documentSymbols(a);
    for (let offset = 0; offset <= a.text.length; offset += 12) {
      hover(a, offset);
      definition(a, offset);
      complete(a, offset);
      signatureHelp(a, offset);
      prepareRename(a, offset);
    }
  }
});
