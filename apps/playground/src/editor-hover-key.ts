/**
 * The hover without a mouse: Ctrl+K then Ctrl+I (⌘K ⌘I on a Mac, VS Code's "Show Hover") shows the
 * hover of the name at the cursor — the same answer of the language Worker the mouse hover shows —
 * as a tooltip, and puts its text in a polite live region so a screen reader reads it. The tooltip
 * closes on Escape, on an edit and when the cursor moves.
 */
import { Prec, StateEffect, StateField, type Extension } from "@codemirror/state";
import { keymap, showTooltip, type EditorView, type Tooltip } from "@codemirror/view";
import { h } from "./dom.ts";
import type { LanguageClient } from "./editor-language-client.ts";
import { markdownToDom } from "./editor-markdown.ts";

/** The keys, in CodeMirror's notation (Mod is Ctrl, or ⌘ on a Mac). */
export const HOVER_KEYS = "Mod-k Mod-i";
export const HOVER_ANNOUNCER_ID = "editor-hover-announce";

interface Shown {
  readonly from: number;
  readonly to: number;
  readonly markdown: string;
}

const setShown = StateEffect.define<Shown | null>();

const shownField = StateField.define<Shown | null>({
  create: () => null,
  update(shown, tr) {
    for (const e of tr.effects) if (e.is(setShown)) return e.value;
    // Anything the user does next (typing, moving the cursor) closes it.
    return tr.docChanged || tr.selection !== undefined ? null : shown;
  },
  provide: (f) =>
    showTooltip.compute([f], (state): Tooltip | null => {
      const s = state.field(f);
      return s === null ? null : { pos: s.from, end: s.to, above: true, create: () => ({ dom: h("div", { class: "nn-hover", role: "tooltip", "data-testid": "hover-key-tip" }, ...markdownToDom(s.markdown)) }) };
    }),
});

/** The visually hidden live region the shown hover is read from; place it next to the editor. */
export function hoverAnnouncer(): HTMLElement {
  return h("p", { id: HOVER_ANNOUNCER_ID, class: "visually-hidden", role: "status", "aria-live": "polite", "aria-atomic": "true", "data-testid": "hover-announce" });
}

/** The text a screen reader hears: the hover's Markdown as plain text, one line per block. */
export function spokenText(markdown: string): string {
  return markdownToDom(markdown)
    .map((e) => e.textContent.replace(/\s+/g, " ").trim())
    .filter((t) => t !== "")
    .join(". ");
}

async function show(view: EditorView, client: LanguageClient, announcer: HTMLElement): Promise<void> {
  const pos = view.state.selection.main.head;
  client.update(view.state.doc.toString());
  // At the end of a name the cursor is just after it: ask there, then one character back.
  let a = await client.ask("hover", pos);
  if ((a?.question !== "hover" || a.result === undefined) && pos > 0) a = await client.ask("hover", pos - 1);
  if (view.state.selection.main.head !== pos) return;
  if (a?.question !== "hover" || a.result === undefined) {
    announcer.textContent = "No type information at the cursor.";
    return;
  }
  const { markdown, span } = a.result;
  view.dispatch({ effects: setShown.of({ from: span.start, to: span.end, markdown }) });
  // The same text twice would not be read again: clear first, then set.
  announcer.textContent = "";
  announcer.textContent = spokenText(markdown);
}

export function hoverKey(client: LanguageClient, announcer: HTMLElement): Extension {
  return [
    shownField,
    Prec.high(
      keymap.of([
        {
          key: HOVER_KEYS,
          run: (view) => {
            void show(view, client, announcer);
            return true;
          },
        },
        {
          key: "Escape",
          run: (view) => {
            if (view.state.field(shownField) === null) return false;
            view.dispatch({ effects: setShown.of(null) });
            return true;
          },
        },
      ]),
    ),
  ];
}
