/**
 * The files the page offers for download, as bytes and names: the `.nn` source, the generated model
 * class (compile()'s output, TypeScript or JavaScript, as the Code tab shows it) and the ONNX model
 * (`nnc export --format onnx`'s bytes; the exporter and protobufjs are loaded on first use).
 */
import cliPackage from "../../../packages/cli/package.json?raw";
import type { PageAnalysis } from "./analysis-protocol.ts";
import type { Generated } from "./generate.ts";

export interface ExportFile {
  readonly name: string;
  readonly type: string;
  readonly data: string | Uint8Array;
}

export type Exported = { readonly ok: true; readonly file: ExportFile } | { readonly ok: false; readonly message: string };

/** nnc's version as `nnc --version` prints it (the ONNX model's producer_version). */
export const NNC_VERSION: string = ((): string => {
  const v = (JSON.parse(cliPackage) as { version?: unknown }).version;
  return typeof v === "string" ? v : "unknown";
})();

/**
 * A file name from a model (or file) name: letters, digits, `-`, `_` and `.` kept, anything else
 * `_`, no leading dot, at most 64 characters; "program" when nothing is left.
 */
export function safeName(name: string): string {
  const cleaned = name.replace(/\.nn$/, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "").slice(0, 64);
  return cleaned === "" ? "program" : cleaned;
}

/** The base of the downloads' names: the checked model's name, else the editor's file name. */
export function baseNameOf(a: Pick<PageAnalysis, "model"> | null, fileName: string): string {
  return safeName(a?.model?.name ?? fileName);
}

export function sourceFile(text: string, base: string): ExportFile {
  return { name: `${base}.nn`, type: "text/plain", data: text };
}

export function codeFile(g: Generated, base: string, target: "ts" | "js"): Exported {
  if (!g.ok) return { ok: false, message: g.message };
  return { ok: true, file: { name: `${base}.${target}`, type: target === "ts" ? "text/typescript" : "text/javascript", data: g.value.code } };
}

/** The ONNX inference model of the checked program: the bytes `nnc export --format onnx` writes. */
export async function onnxFile(a: Pick<PageAnalysis, "model" | "text" | "fileName">, base: string): Promise<Exported> {
  const model = a.model;
  if (model === undefined) return { ok: false, message: "the program has errors: fix them to export ONNX" };
  // The compiler (and its exporter) load on the first download: the page's own bundle holds none of it.
  const { exportOnnxLazy } = await import("@nnc/compiler");
  const r = await exportOnnxLazy(a.text, { fileName: a.fileName, model: model.name, version: NNC_VERSION });
  if (r.onnx !== undefined) return { ok: true, file: { name: `${base}.onnx`, type: "application/octet-stream", data: r.onnx.bytes } };
  const first = r.diagnostics.find((d) => d.severity === "error");
  return { ok: false, message: first === undefined ? "the ONNX exporter gave no model" : `${first.code}: ${first.message}` };
}
