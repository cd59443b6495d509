/**
 * The CodeMirror 6 editor: `.nn` highlighting and bracket-aware indentation, diagnostics as
 * underlines, a highlight for a selected span, and the language Worker's help (completion, hover,
 * signature help: editor-assist.ts; the hover from the keyboard: editor-hover-key.ts). Tab never traps
 * keyboard users (editor-keys.ts).
 */
import "./editor.css";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { diagnosticCount, lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, highlightActiveLine, keymap, lineNumbers, type DecorationSet } from "@codemirror/view";
import type { DiagnosticView } from "./analyze.ts";
import { languageAssist } from "./editor-assist.ts";
import { nnHighlightStyle } from "./editor-highlight.ts";
import { hoverAnnouncer, hoverKey } from "./editor-hover-key.ts";
import { keysHint, tabPolicy } from "./editor-keys.ts";
import { LanguageClient } from "./editor-language-client.ts";
import { nnLanguage } from "./nn-language.ts";

const setSpan = StateEffect.define<{ from: number; to: number } | null>();
const spanMark = Decoration.mark({ class: "cm-span-highlight" });

const spanField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let d = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setSpan)) continue;
      d = e.value === null || e.value.to <= e.value.from ? Decoration.none : Decoration.set([spanMark.range(e.value.from, e.value.to)]);
    }
    return d;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface Editor {
  readonly view: EditorView;
  text(): string;
  setText(text: string): void;
  showDiagnostics(ds: readonly DiagnosticView[]): void;
  /** Highlights [from, to) and scrolls it into view; null clears. */
  highlight(span: { from: number; to: number } | null): void;
  /** The file name the language service reports (default "playground.nn"). */
  setFileName(name: string): void;
}

const spawnLanguageWorker = (): Worker => new Worker(new URL("./language-worker.ts", import.meta.url), { type: "module", name: "nnc-language" });

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void): Editor {
  const client = new LanguageClient(spawnLanguageWorker);
  const announcer = hoverAnnouncer();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        highlightActiveLine(),
        bracketMatching(),
        nnLanguage,
        indentOnInput(),
        syntaxHighlighting(nnHighlightStyle),
        lintGutter(),
        EditorView.lineWrapping,
        spanField,
        tabPolicy(),
        languageAssist(client),
        hoverKey(client, announcer),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
  parent.append(keysHint(), announcer);
  return {
    view,
    setFileName: (name) => { client.setFileName(name); },
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, effects: setSpan.of(null) });
    },
    showDiagnostics(ds) {
      const len = view.state.doc.length;
      const cm: CmDiagnostic[] = ds.map((d) => {
        const from = Math.min(d.from, len);
        return {
          from,
          to: Math.min(Math.max(d.to, from), len),
          severity: d.diagnostic.severity === "note" ? "info" : d.diagnostic.severity,
          message: `${d.diagnostic.code}: ${d.diagnostic.message}`,
        };
      });
      // None shown and none to show: no transaction, so no view update (on a 16,000-character line it cost 40 ms).
      if (cm.length === 0 && diagnosticCount(view.state) === 0) return;
      view.dispatch(setDiagnostics(view.state, cm));
    },
    highlight(span) {
      const len = view.state.doc.length;
      const s = span === null ? null : { from: Math.min(span.from, len), to: Math.min(span.to, len) };
      view.dispatch({ effects: [setSpan.of(s), ...(s === null ? [] : [EditorView.scrollIntoView(s.from, { y: "center" })])] });
    },
  };
}
