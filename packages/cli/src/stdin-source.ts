import { readFileSync } from "node:fs";
import { diagnostic } from "@nnc/diagnostics";
import { decodeSource, errorCode, fileSpan, MAX_SOURCE_BYTES, readErrorReason, type ReadResult } from "./read-source.ts";

/** The name standard input goes by in diagnostics. */
export const STDIN_NAME = "<stdin>";

/**
 * Standard input (`fd`) as a `.nn` source named `<stdin>`, held to the rules of readSource: the bytes
 * are decoded as a file's are (invalid UTF-8 is an E0602 error, never silently replaced), more than
 * MAX_SOURCE_BYTES is E0603, and a failed read (a folder redirected in, a closed descriptor) is E0601.
 */
export function readStdinSource(fd = 0): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fd);
  } catch (e) {
    return { ok: false, diagnostic: diagnostic("E0601", `cannot read standard input: ${readErrorReason(errorCode(e))}`, fileSpan(STDIN_NAME)) };
  }
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { ok: false, diagnostic: diagnostic("E0603", `cannot read standard input: it has ${bytes.length} bytes; a source may have at most ${MAX_SOURCE_BYTES} (16 MiB)`, fileSpan(STDIN_NAME)) };
  }
  return decodeSource(STDIN_NAME, bytes);
}
