/**
 * Where the docs explain a name the editor offers or describes. `DOCS_BASE` is prefixed to the
 * repository's docs/ file names (relative to the page unless set to an absolute URL).
 */
import type { CompletionKind } from "@nnc/compiler";

export const DOCS_BASE = "docs/";

/** GitHub's heading anchor for a heading that is just a name in backticks (`### \`dense\`` → `dense`). */
const anchor = (name: string): string => name.toLowerCase().replace(/[^a-z0-9_ -]/g, "").replace(/ /g, "-");

const FORM_ANCHORS: Readonly<Record<string, string>> = { scan: "scan-recurrence", repeat: "repeat-the-same-block-several-times" };

/** The docs page (and section) for a completion of this kind, or undefined for the program's own names. */
export function docsFor(kind: CompletionKind, name: string): { href: string; title: string } | undefined {
  switch (kind) {
    case "builtin":
      return { href: `${DOCS_BASE}builtins.md`, title: "built-in functions" };
    case "library":
      return { href: `${DOCS_BASE}stdlib.md#${anchor(name)}`, title: "standard library" };
    case "form":
      return { href: `${DOCS_BASE}language.md#${FORM_ANCHORS[name] ?? ""}`, title: "language reference" };
    case "train-key":
      return { href: `${DOCS_BASE}training.md#the-train-section`, title: "training" };
    case "setting":
      return { href: `${DOCS_BASE}training.md#reference`, title: "training settings" };
    default:
      return undefined;
  }
}

/** A `docs/NAME.md` reference written in a service message, as a link; `section` names a heading in it. */
export function docsLink(file: string, section?: string): { href: string; title: string } {
  return { href: `${DOCS_BASE}${file}${section === undefined ? "" : `#${anchor(section)}`}`, title: file.replace(/\.md$/, "") };
}
