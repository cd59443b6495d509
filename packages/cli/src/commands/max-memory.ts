/**
 * `--max-memory SIZE`, shared by check, compile and train. A module of its own so that `nnc check`
 * does not load the compile command (and the PyTorch and file-writing code it brings) to read it.
 */
import { parseMemorySize } from "@nnc/runtime";
import type { CliContext } from "../command-module.ts";
import { reportUsage } from "../report.ts";

export const MAX_MEMORY_HELP = "refuse a model whose planned memory exceeds SIZE, e.g. 512M or 16G (default: half of this machine's memory, at most 4G)";

/** `--max-memory SIZE` in bytes (undefined when absent), or the exit status of a usage error. */
export function parseMaxMemory(ctx: CliContext, value: string | undefined): number | undefined | { readonly exit: number } {
  if (value === undefined) return undefined;
  const bytes = parseMemorySize(value);
  if (bytes !== undefined) return bytes;
  return { exit: reportUsage(ctx, `--max-memory needs a size such as 512M or 4G, not \`${value}\``, { option: "--max-memory", value }) };
}
