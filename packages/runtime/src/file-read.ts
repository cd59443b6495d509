import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DataError, fileErrorReason } from "./data-error.ts";

/** The bytes of a data file, gunzipped when the name ends in `.gz`; a failure is E0620. */
export function readDataFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError("E0620", `cannot read the data file \`${path}\`: ${fileErrorReason(e)}`, {
      file: path,
      help: "paths in `data = …` are relative to the .nn file; paths given with --data are relative to the working directory",
    });
  }
  if (!path.endsWith(".gz")) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new DataError("E0620", `cannot read the data file \`${path}\`: not valid gzip (${e instanceof Error ? e.message : String(e)})`, { file: path });
  }
}

/** Reads a data file as UTF-8 text (a BOM is dropped). */
export function readDataText(path: string): string {
  const bytes = readDataFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DataError("E0620", `the data file \`${path}\` is not UTF-8 text`, { file: path });
  }
}
