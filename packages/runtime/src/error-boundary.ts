import { DataError } from "./data-error.ts";
import { terminalText } from "./terminal-text.ts";

function errnoCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

function firstLineOf(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split("\n")[0]?.trim() ?? "";
  return line === "" ? (e instanceof Error ? e.name : "unknown error") : line;
}

/**
 * An exception from one of the JavaScript engine's limits, as the DataError the user can act on:
 * E0658 for something too large to allocate (a typed array, string or file past V8's or Node's
 * limits, or a failed allocation: "Invalid typed array length", "Array buffer allocation failed",
 * ERR_FS_FILE_TOO_LARGE, ERR_STRING_TOO_LONG) and E0659 for an exhausted call stack ("Maximum call
 * stack size exceeded": input nested too deeply), and E0347 for a lookup id outside its table (a
 * `take`/`scatter_add` kernel's RangeError). These depend only on the input's size, shape and values,
 * so they are the user's to fix; anything else gives undefined (a bug). `batch` is the batch size
 * of the run, when known, to name as the likely cause.
 */
export function engineLimitError(e: unknown, batch: number | null): DataError | undefined {
  const message = e instanceof Error ? e.message : "";
  const code = errnoCode(e);
  if (e instanceof RangeError && /call stack/i.test(message)) {
    return new DataError("E0659", "the input is nested too deeply to process: the call stack overflowed", {
      help: "flatten the input: data nested thousands of levels deep (lists of lists in JSON) or an expression thousands of operators deep cannot be processed",
    });
  }
  // Lookups check their ids and labels (take, scatter_add, one_hot, cross_entropy): one outside its range is the data's fault.
  if (e instanceof RangeError && /^[a-z_0-9]+: (id|label) -?\d+(\.\d+)? is out of range/.test(message)) {
    return new DataError("E0347", message, { help: "every id or label must be a whole number from 0 to n − 1 (n = the table's rows or the number of classes); fix the data or enlarge the table" });
  }
  const tooLarge = e instanceof RangeError && /array length|allocation failed|string length|too large/i.test(message);
  if (tooLarge || code === "ERR_FS_FILE_TOO_LARGE" || code === "ERR_STRING_TOO_LONG") {
    const batchText = batch === null ? "a batch" : `a batch of ${batch} examples`;
    return new DataError("E0658", `out of memory: a buffer is too large to allocate (${firstLineOf(e)})`, {
      help: `each step holds every tensor of the model for ${batchText}, and the data set is held whole: lower the batch size, make tensors smaller, or use less data (a smaller \`n\` for a generated data set)`,
    });
  }
  return undefined;
}

/**
 * How a generated program reports an exception that is not the user's to fix: one line with code
 * E0900; the stack follows only when `debug` (NNC_DEBUG=1).
 */
export function formatInternalProgramError(e: unknown, debug: boolean): string {
  const stack = debug && e instanceof Error && e.stack !== undefined ? `${e.stack}\n` : "";
  return `error[E0900]: internal error: ${terminalText(firstLineOf(e))} (a bug in nnc; set NNC_DEBUG=1 for the stack)\n${stack}`;
}
