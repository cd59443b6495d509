/**
 * What the download menu says after a save. `.nn` is always the editor's text; `.ts`, `.js` and
 * `.onnx` are always of the last program that checked. While the two differ (the text is not checked
 * yet, or has errors) the files saved side by side are of different programs, and the message says so.
 */
export type ExportKind = "nn" | "ts" | "js" | "onnx";

/** `checkedText`: the text of the last program that checked, or null when none has. */
export function savedNote(kind: ExportKind, fileName: string, editorText: string, checkedText: string | null): string {
  const saved = `saved ${fileName}`;
  if (checkedText === null || checkedText === editorText) return saved;
  return kind === "nn"
    ? `${saved}: the editor's text, which has not checked; .ts, .js and .onnx are of the last program that checked`
    : `${saved}: of the last program that checked, not the editor's text (not checked yet, or with errors)`;
}
