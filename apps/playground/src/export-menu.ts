/**
 * The download buttons: the `.nn` file, the generated model class (TypeScript, JavaScript) and the
 * ONNX model. Each click reads the page's state afresh; downloads go through a Blob and an
 * `a[download]`. A file that cannot be made says why in the menu's status line (a live region).
 * `.nn` is the editor's text as it is now; the others are of the last program that checked, and the
 * status line says so when the two differ (export-note.ts).
 */
import type { PageAnalysis, ProgramRef } from "./analysis-protocol.ts";
import { h } from "./dom.ts";
import { baseNameOf, codeFile, onnxFile, sourceFile, type ExportFile, type Exported } from "./export-files.ts";
import { savedNote, type ExportKind } from "./export-note.ts";
import type { Generated } from "./generate.ts";
import type { TrainSettings } from "./settings.ts";
import "./export-menu.css";

export interface ExportState {
  /** The editor's text, as it is now. */
  readonly text: string;
  /** The editor's file name (`matvec.nn`): the downloads' name when no model checked. */
  readonly fileName: string;
  /** The last program that checked (what the graphs and the Code tab show), or null. */
  readonly analysis: PageAnalysis | null;
  /** The page's training settings for that program (optimizer and clipping of the generated class). */
  readonly settings: TrainSettings | null;
  /** The model class for `target` (the page: compiled in the analysis Worker). */
  readonly generate: (p: ProgramRef, s: TrainSettings, target: "ts" | "js") => Promise<Generated>;
}

/** Saves `f` through a Blob URL and a clicked `a[download]`. */
export function download(f: ExportFile): void {
  // A Uint8Array may view a larger buffer: copy exactly its bytes.
  const part: BlobPart = typeof f.data === "string" ? f.data : f.data.slice();
  const url = URL.createObjectURL(new Blob([part], { type: f.type }));
  const a = h("a", { href: url, download: f.name, hidden: "" });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

async function codeExport(s: ExportState, target: "ts" | "js"): Promise<Exported> {
  const a = s.analysis;
  if (a === null || s.settings === null) return { ok: false, message: "no program has checked yet: fix the errors to generate code" };
  const g = await s.generate(a, s.settings, target);
  return codeFile(g, baseNameOf(a, s.fileName), target);
}

interface Item {
  readonly id: ExportKind;
  readonly label: string;
  readonly name: string;
  readonly make: (s: ExportState) => Promise<Exported>;
}

const ITEMS: readonly Item[] = [
  { id: "nn", label: ".nn", name: "Download the .nn file: the editor's text, as it is now", make: (s) => Promise.resolve({ ok: true, file: sourceFile(s.text, baseNameOf(s.analysis, s.fileName)) }) },
  { id: "ts", label: ".ts", name: "Download the .ts file: the TypeScript model class of the last program that checked", make: (s) => codeExport(s, "ts") },
  { id: "js", label: ".js", name: "Download the .js file: the JavaScript model class of the last program that checked", make: (s) => codeExport(s, "js") },
  {
    id: "onnx",
    label: ".onnx",
    name: "Download the .onnx file: the ONNX model nnc export writes for the last program that checked",
    make: (s) => (s.analysis === null ? Promise.resolve({ ok: false, message: "no program has checked yet: fix the errors to export ONNX" }) : onnxFile(s.analysis, baseNameOf(s.analysis, s.fileName))),
  },
];

export function createExportMenu(get: () => ExportState): HTMLElement {
  const status = h("span", { class: "export-status", role: "status", "data-testid": "export-status" });
  const buttons = ITEMS.map((item) => {
    const b = h("button", { type: "button", "data-testid": `export-${item.id}`, "aria-label": item.name, title: item.name }, item.label);
    b.addEventListener("click", () => {
      b.disabled = true;
      status.textContent = item.id === "onnx" ? "exporting…" : "";
      const state = get();
      item
        .make(state)
        .then(
          (r) => {
            if (r.ok) download(r.file);
            status.textContent = r.ok ? savedNote(item.id, r.file.name, state.text, state.analysis?.text ?? null) : `cannot export: ${r.message}`;
          },
          (e: unknown) => {
            status.textContent = `export failed: ${e instanceof Error ? e.message : String(e)}`;
          },
        )
        .finally(() => {
          b.disabled = false;
        });
    });
    return b;
  });
  return h("div", { class: "exports", role: "group", "aria-label": "Download", "data-testid": "exports" }, h("span", { class: "exports-label", "aria-hidden": "true" }, "Download"), ...buttons, status);
}
