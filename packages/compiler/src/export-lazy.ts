/**
 * The ONNX exporter for the browser: `nnc export --format onnx`'s driver (export.ts), loaded on the
 * first call, so a page that never exports never downloads protobufjs or the exporter. Nothing it
 * reaches imports a `node:` module (export-lazy.test.ts).
 */
import type { OnnxExport, OnnxExportOptions } from "./export.ts";

export type { OnnxExport, OnnxExported, OnnxExportOptions } from "./export.ts";

/** The ONNX model of `text`: the same bytes as `@nnc/compiler/node`'s exportOnnx for the same options. */
export async function exportOnnxLazy(text: string, o: OnnxExportOptions): Promise<OnnxExport> {
  return (await import("./export.ts")).exportOnnx(text, o);
}
