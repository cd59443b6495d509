/**
 * The memory budget of a generated model. The compiler plans every array the model class allocates
 * (parameters, gradients, optimizer state, inputs, activations); each planned tensor's element count
 * is a polynomial in the batch size. `nnc train`, `nnc compile` and generated programs refuse (E0667)
 * a plan whose bytes at the run's batch exceed the limit, before anything is allocated. The limit is
 * `--max-memory`, by default half of the machine's memory but at most 4 GiB.
 */
import { totalmem } from "node:os";
import { DataError } from "./data-error.ts";
import type { MemoryTensor } from "./program-info.ts";

/** The most elements one typed array holds (Node 20). */
export const MAX_TYPED_ARRAY_ELEMENTS = 2 ** 32;

export function tensorElements(t: MemoryTensor, batch: number): number {
  let n = 0;
  for (let k = t.elements.length - 1; k >= 0; k--) n = n * batch + t.elements[k]!;
  return n;
}

export function tensorBytes(t: MemoryTensor, batch: number): number {
  return tensorElements(t, batch) * t.bytesPerElement;
}

export function planBytes(plan: readonly MemoryTensor[], batch: number): number {
  return plan.reduce((s, t) => s + tensorBytes(t, batch), 0);
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/** `1536` → "1.5 KiB"; three significant digits. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${UNITS[u]!}`;
}

const MULTIPLIERS: Readonly<Record<string, number>> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** `512M`, `4G`, `1.5GiB`, `100k`, `2000000` (bytes; units are powers of 1024) → bytes; undefined if malformed or ≤ 0. */
export function parseMemorySize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (m === null) return undefined;
  const bytes = Math.floor(Number(m[1]) * MULTIPLIERS[m[2]!.toLowerCase()]!);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

/** The most the default limit allows, whatever the machine: larger plans need an explicit --max-memory. */
export const DEFAULT_MEMORY_CAP = 4 * 2 ** 30;

/** The default limit: half of this machine's memory, at most DEFAULT_MEMORY_CAP (4 GiB). */
export function defaultMemoryLimit(): number {
  return Math.min(Math.floor(totalmem() / 2), DEFAULT_MEMORY_CAP);
}

/** What is wrong with running `plan` at `batch` under `limit`, or null when it fits. */
export function memoryProblem(model: string, plan: readonly MemoryTensor[], batch: number, limit: number): { message: string; help: string } | null {
  const total = planBytes(plan, batch);
  const bySize = [...plan].sort((a, b) => tensorBytes(b, batch) - tensorBytes(a, batch));
  const largest = bySize
    .slice(0, 4)
    .map((t) => `\`${t.name}\` (${t.role}) ${formatBytes(tensorBytes(t, batch))}`)
    .join(", ");
  if (total > limit) {
    const machine = totalmem();
    const want = total * 1.1;
    const raise = `--max-memory ${want < 2 ** 30 ? `${Math.ceil(want / 2 ** 20)}M` : `${Math.ceil(want / 2 ** 30)}G`}`;
    return {
      message: `\`${model}\` needs ${formatBytes(total)} at batch ${batch}, more than the memory limit of ${formatBytes(limit)}; the largest tensors: ${largest}`,
      help: total < machine
        ? `lower the batch (--batch N), make those tensors smaller, or raise the limit (${raise})`
        : `lower the batch (--batch N) or make those tensors smaller: this machine has ${formatBytes(machine)} in all`,
    };
  }
  const huge = bySize.find((t) => t.role !== "other" && tensorElements(t, batch) > MAX_TYPED_ARRAY_ELEMENTS);
  if (huge !== undefined) {
    return {
      message: `\`${model}\` at batch ${batch} needs the tensor \`${huge.name}\` (${huge.role}) of ${tensorElements(huge, batch).toExponential(2)} elements, more than one typed array holds (2^32)`,
      help: "lower the batch (--batch N) or make that tensor smaller",
    };
  }
  return null;
}

/** Throws E0667 when the program's planned memory at `batch` exceeds `limit` (default: defaultMemoryLimit()). */
export function checkMemoryBudget(model: string, plan: readonly MemoryTensor[] | undefined, batch: number, limit: number | null): void {
  if (plan === undefined) return;
  const problem = memoryProblem(model, plan, batch, limit ?? defaultMemoryLimit());
  if (problem !== null) throw new DataError("E0667", problem.message, { help: problem.help });
}
