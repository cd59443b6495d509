import { terminalText } from "./terminal-text.ts";

/**
 * A problem with data, a checkpoint or a training run that the user can fix (a missing file, a bad
 * cell, a shape mismatch, a non-finite loss). `code` is a diagnostic code from E0620–E0659 or E0667–E0672 (memory, metrics, schedules); `file`
 * names the file involved and `where` the place in it ("line 17", "record 3", "byte 16"), when known.
 * The CLI prints these as diagnostics; generated programs print `error[CODE]: message`.
 */
export class DataError extends Error {
  readonly code: string;
  readonly file: string | undefined;
  readonly where: string | undefined;
  readonly help: string | undefined;
  /** A `.nn` source line the problem points at (non-finite loss), when known. */
  readonly sourceLine: number | undefined;

  constructor(code: string, message: string, init: { file?: string; where?: string; help?: string; sourceLine?: number } = {}) {
    super(message);
    this.name = "DataError";
    this.code = code;
    this.file = init.file;
    this.where = init.where;
    this.help = init.help;
    this.sourceLine = init.sourceLine;
  }
}

/** `error[E0623]: message` plus a help line: how generated programs report a DataError. */
export function formatDataError(e: DataError): string {
  // Messages quote paths and cells: escaped for the terminal, line breaks kept.
  const safe = (text: string): string => text.split("\n").map(terminalText).join("\n");
  return `error[${e.code}]: ${safe(e.message)}\n${e.help === undefined ? "" : `help: ${safe(e.help)}\n`}`;
}

/** The Node error code of a failed file operation as a short reason. */
export function fileErrorReason(e: unknown): string {
  const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code === undefined ? (e instanceof Error ? e.message : "unknown error") : `system error ${code}`;
}
