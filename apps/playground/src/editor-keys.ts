/**
 * Keyboard users are never trapped in the editor. Tab indents only once the user has typed or clicked
 * in it since it last gained focus; before that Tab and Shift-Tab move focus on, as everywhere else
 * on the page. Escape then Tab always leaves (CodeMirror's own convention). A visually hidden hint,
 * tied to the editor by aria-describedby, says so; the content gets an accessible name.
 */
import { indentLess, indentMore } from "@codemirror/commands";
import type { Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { h } from "./dom.ts";

export const HINT_ID = "editor-keys-hint";
export const EDITOR_LABEL = "Program source (.nn)";
export const HINT_TEXT =
  "Tab moves to the next control until you type or click in the editor; after that Tab indents. " +
  "Press Escape, then Tab, to leave the editor. Ctrl+Space lists completions; hover a name, or press Ctrl+K then Ctrl+I " +
  "with the cursor on it (Command+K, Command+I on a Mac), for its type and shape.";

/** The hint paragraph (visually hidden), to be placed next to the editor. */
export function keysHint(): HTMLElement {
  return h("p", { id: HINT_ID, class: "visually-hidden" }, HINT_TEXT);
}

export function tabPolicy(): Extension {
  let engaged = false;
  return [
    keymap.of([{ key: "Tab", run: (v) => engaged && indentMore(v), shift: (v) => engaged && indentLess(v) }]),
    EditorView.domEventHandlers({
      pointerdown: () => {
        engaged = true;
        return false;
      },
      blur: () => {
        engaged = false;
        return false;
      },
    }),
    EditorView.updateListener.of((u) => {
      if (u.transactions.some((tr) => tr.isUserEvent("input") || tr.isUserEvent("delete"))) engaged = true;
    }),
    // tabindex="0": the content already is a tab stop (contenteditable), but axe counts a scrollable
    // region as keyboard-reachable only through a tabindex attribute.
    EditorView.contentAttributes.of({ "aria-label": EDITOR_LABEL, "aria-describedby": HINT_ID, tabindex: "0" }),
  ];
}
