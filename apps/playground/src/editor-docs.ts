/**
 * Where the repository's docs explain a name the editor offers, as plain text ("docs/stdlib.md §
 * dense"): the docs are not served with the page, so the tooltips show the documentation itself and
 * name the file and section to read more.
 */
import type { CompletionKind } from "@nnc/compiler";

const FORM_SECTIONS: Readonly<Record<string, string>> = { scan: "scan: recurrence", repeat: "repeat: the same block, several times" };

/** The docs file and section for a completion of this kind, or undefined for the program's own names. */
export function docsFor(kind: CompletionKind, name: string): string | undefined {
  switch (kind) {
    case "builtin":
      return `docs/builtins.md § ${name}`;
    case "library":
      return `docs/stdlib.md § ${name}`;
    case "form":
      return `docs/language.md § ${FORM_SECTIONS[name] ?? name}`;
    case "train-key":
      return "docs/training.md § The train section";
    case "setting":
      return "docs/training.md § Reference";
    default:
      return undefined;
  }
}
