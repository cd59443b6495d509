/** What `nnc check` says about each model's size: a summary line, a JSON object, a warning over the limit. */
import { diagnostic, type Diagnostic } from "@nnc/diagnostics";
import type { LoweredModel, ModelMemory } from "@nnc/compiler/node";
import { formatBytes, memoryProblem, tensorBytes } from "@nnc/runtime";

/**
 * `n` with commas between groups of three digits, as `n.toLocaleString("en-US")` writes a whole number
 * (check-memory.test.ts compares the two): without Intl, whose first use costs `nnc check` tens of ms.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString("en-US");
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** `  Mlp: 101,770 parameters (398 KiB); training memory 1.60 MiB at batch 64` */
export function memoryLine(name: string, m: ModelMemory): string {
  const what = m.training ? "training memory" : "memory of a forward pass";
  const batched = m.plan?.some((t) => t.elements.length > 1) === true;
  const plan = m.bytes === null ? `${what} not planned (only the batch dim can stay symbolic)` : `${what} ${formatBytes(m.bytes)}${batched ? ` at batch ${m.batch}` : ""}`;
  return `  ${name}: ${groupDigits(m.params)} parameters (${formatBytes(m.paramBytes)}); ${plan}\n`;
}

export interface MemoryJson {
  readonly parameters: number;
  readonly parameterBytes: number;
  readonly batch: number;
  readonly training: boolean;
  /** Planned bytes at `batch`; null when the model cannot be compiled. */
  readonly bytes: number | null;
  /** The five largest planned arrays at `batch`. */
  readonly largest: readonly { readonly name: string; readonly role: string; readonly bytes: number }[];
}

export function memoryJson(m: ModelMemory): MemoryJson {
  const largest = [...(m.plan ?? [])]
    .map((t) => ({ name: t.name, role: t.role, bytes: tensorBytes(t, m.batch) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { parameters: m.params, parameterBytes: m.paramBytes, batch: m.batch, training: m.training, bytes: m.bytes, largest };
}

/** A warning (E0667) when `nnc train` and `nnc compile` would refuse the model under `limit`. */
export function memoryWarning(model: LoweredModel, m: ModelMemory, limit: number): Diagnostic | undefined {
  if (m.plan === null) return undefined;
  const problem = memoryProblem(model.name, m.plan, m.batch, limit);
  if (problem === null) return undefined;
  return diagnostic("E0667", problem.message, model.span, { severity: "warning", help: `${problem.help}; \`nnc train\` and \`nnc compile\` refuse it` });
}
