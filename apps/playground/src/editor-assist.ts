/**
 * What the editor teaches as you type, answered by the language Worker (never on the main thread):
 * completion with signatures and docs, hover with each name's inferred type and shape, and signature
 * help inside a call. Every question carries the text it is about; an answer for an older text is
 * dropped by the client (editor-language-client.ts).
 */
import { autocompletion, type Completion as CmCompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { syntaxTree } from "@codemirror/language";
import { StateEffect, StateField, type EditorState, type Extension } from "@codemirror/state";
import { EditorView, hoverTooltip, showTooltip, ViewPlugin, type Tooltip, type ViewUpdate } from "@codemirror/view";
import type { Completion, CompletionKind, SignatureHelp } from "@nnc/compiler";
import { h } from "./dom.ts";
import { docsFor } from "./editor-docs.ts";
import type { LanguageClient } from "./editor-language-client.ts";
import { markdownToDom } from "./editor-markdown.ts";

/** CodeMirror's option types (they pick the icon); boosts rank the program's own names first. */
const CM_TYPE: Readonly<Record<CompletionKind, string>> = {
  value: "variable",
  input: "variable",
  output: "variable",
  argument: "variable",
  "train-input": "variable",
  param: "property",
  buffer: "property",
  dim: "type",
  block: "class",
  model: "class",
  builtin: "function",
  library: "class",
  form: "keyword",
  keyword: "keyword",
  "train-key": "property",
  setting: "enum",
};
const BOOST: Partial<Record<CompletionKind, number>> = { builtin: -1, library: -2, form: -2 };

/** Tokens inside which nothing is offered (a comment or a string is prose). */
const QUIET_TOKENS = new Set(["comment", "docComment", "string"]);

function quietAt(state: EditorState, pos: number): boolean {
  return QUIET_TOKENS.has(syntaxTree(state).resolveInner(pos, -1).name);
}

function docsRef(kind: CompletionKind, name: string): HTMLElement | null {
  const d = docsFor(kind, name);
  return d === undefined ? null : h("p", { class: "nn-doc-ref" }, `More: ${d}`);
}

function infoDom(c: Completion): HTMLElement {
  return h(
    "div",
    { class: "nn-info" },
    c.detail === undefined ? null : h("pre", { class: "nn-code" }, c.detail),
    ...(c.doc === undefined ? [] : markdownToDom(c.doc)),
    docsRef(c.kind, c.label),
  );
}

function toOption(c: Completion): CmCompletion {
  // A signature's name repeats the label: show only what follows it (`relu` + `(x: operand)`).
  const detail = c.detail?.startsWith(`${c.label}(`) === true ? c.detail.slice(c.label.length) : c.detail;
  return {
    label: c.label,
    type: CM_TYPE[c.kind],
    boost: BOOST[c.kind] ?? 0,
    ...(detail === undefined ? {} : { detail }),
    ...(c.detail === undefined && c.doc === undefined && docsFor(c.kind, c.label) === undefined ? {} : { info: () => infoDom(c) }),
  };
}

function completionSource(client: LanguageClient) {
  return async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const word = ctx.matchBefore(/[A-Za-z_][A-Za-z0-9_]*/);
    if ((word === null && !ctx.explicit) || quietAt(ctx.state, ctx.pos)) return null;
    client.update(ctx.state.doc.toString());
    const a = await client.ask("complete", ctx.pos);
    if (a?.question !== "complete" || ctx.aborted || a.result.length === 0) return null;
    return { from: word?.from ?? ctx.pos, options: a.result.map(toOption), validFor: /^[A-Za-z0-9_]*$/ };
  };
}

function hoverSource(client: LanguageClient) {
  return async (view: EditorView, pos: number): Promise<Tooltip | null> => {
    if (quietAt(view.state, pos + 1) && quietAt(view.state, pos)) return null;
    client.update(view.state.doc.toString());
    const a = await client.ask("hover", pos);
    if (a?.question !== "hover" || a.result === undefined) return null;
    const { markdown, span } = a.result;
    return {
      pos: span.start,
      end: span.end,
      above: true,
      create: () => ({ dom: h("div", { class: "nn-hover", role: "tooltip" }, ...markdownToDom(markdown)) }),
    };
  };
}

/** The signature line with the active parameter in bold, then the callee's doc. */
export function signatureDom(help: SignatureHelp): HTMLElement {
  const { label, params, doc } = help.signature;
  const code = h("code", { class: "nn-signature-label" });
  let at = label.indexOf("(") + 1;
  code.append(label.slice(0, at));
  params.forEach((p, i) => {
    const found = label.indexOf(p, at);
    if (found < 0) return;
    code.append(label.slice(at, found));
    code.append(i === help.activeParameter ? h("b", { class: "nn-active-param" }, p) : p);
    at = found + p.length;
  });
  code.append(label.slice(at));
  const first = doc.split(/\n{2,}/)[0] ?? "";
  return h("div", { class: "nn-signature", role: "status" }, code, ...(first === "" ? [] : markdownToDom(first)));
}

const setSignature = StateEffect.define<{ pos: number; help: SignatureHelp } | null>();

const signatureField = StateField.define<Tooltip | null>({
  create: () => null,
  update(tip, tr) {
    for (const e of tr.effects) {
      if (!e.is(setSignature)) continue;
      const v = e.value;
      // The tooltip's own element becomes `.cm-tooltip`; the signature sits inside it.
      tip = v === null ? null : { pos: v.pos, above: true, create: () => ({ dom: h("div", { class: "nn-signature-tip" }, signatureDom(v.help)) }) };
    }
    if (tip !== null && tr.docChanged) tip = { ...tip, pos: tr.changes.mapPos(tip.pos) };
    return tip;
  },
  provide: (f) => showTooltip.from(f),
});

/** Asks for signature help when the text or the cursor moves (debounced), while the editor has focus. */
function signaturePlugin(client: LanguageClient): Extension {
  return ViewPlugin.fromClass(
    class {
      private timer: ReturnType<typeof setTimeout> | undefined;
      private asked = 0;
      constructor(private readonly view: EditorView) {}
      update(u: ViewUpdate): void {
        if (!u.docChanged && !u.selectionSet && !u.focusChanged) return;
        clearTimeout(this.timer);
        if (!u.view.hasFocus || !u.state.selection.main.empty) {
          this.clear();
          return;
        }
        this.timer = setTimeout(() => void this.ask(), 60);
      }
      private clear(): void {
        if (this.view.state.field(signatureField) !== null) queueMicrotask(() => { this.view.dispatch({ effects: setSignature.of(null) }); });
      }
      private async ask(): Promise<void> {
        const ticket = ++this.asked;
        const state = this.view.state;
        const pos = state.selection.main.head;
        if (quietAt(state, pos)) { this.clear(); return; }
        client.update(state.doc.toString());
        const a = await client.ask("signature", pos);
        // A newer question (or none at all, if the text changed) supersedes this answer.
        if (ticket !== this.asked || a === null || this.view.state.selection.main.head !== pos) return;
        const help = a.question === "signature" ? a.result : undefined;
        if (help === undefined) { this.clear(); return; }
        this.view.dispatch({ effects: setSignature.of({ pos, help }) });
      }
      destroy(): void {
        clearTimeout(this.timer);
      }
    },
  );
}

export function languageAssist(client: LanguageClient): Extension[] {
  return [
    autocompletion({ override: [completionSource(client)], icons: true }),
    hoverTooltip(hoverSource(client), { hoverTime: 350 }),
    signatureField,
    signaturePlugin(client),
    EditorView.domEventHandlers({
      keydown(e, view) {
        if (e.key === "Escape" && view.state.field(signatureField) !== null) view.dispatch({ effects: setSignature.of(null) });
        return false;
      },
    }),
  ];
}
