/**
 * Support for the PyTorch suites: the generated module of a graph, and one Python process per suite
 * that runs every case (pytorch-runner.py: load state by key, call forward/forward_loss in float64,
 * backpropagate) and returns values and gradients to compare with nnc's float64 interpreter.
 */
import { fileURLToPath } from "node:url";
import { emitModule, type PyModuleResult } from "@nnc/codegen-pytorch";
import type { Graph } from "@nnc/ir";
import type { Tensor } from "@nnc/ops";
import { runPython } from "./torch-python.ts";

const RUNNER = fileURLToPath(new URL("./pytorch-runner.py", import.meta.url));

export interface PyArg {
  readonly dtype: "float" | "int" | "bool";
  readonly shape: readonly number[];
  readonly data: readonly number[];
  /** Ask for this argument's gradient. */
  readonly grad?: boolean;
}

export interface PyCase {
  readonly name: string;
  readonly code: string;
  readonly className: string;
  /** The state to load by key; null keeps the module's own initialization (reset_parameters). */
  readonly state: Readonly<Record<string, PyArg>> | null;
  readonly args: readonly PyArg[];
  /** Return every state tensor's values after the call. */
  readonly dumpState?: boolean;
  readonly method: "forward" | "forward_loss";
  readonly training: boolean;
  /** Index of the result to call backward() on (forward_loss: 0 is the loss). */
  readonly backward?: number;
  readonly seed?: number;
  /** Dropout masks fed in graph order in place of torch's draws (training mode), so runs compare exactly. */
  readonly masks?: readonly PyArg[];
}

export type PyValue = number | "nan" | "inf" | "-inf";

export type PyResult =
  | {
      readonly ok: true;
      readonly results: readonly { readonly shape: readonly number[]; readonly data: readonly PyValue[] }[];
      readonly paramGrads: Readonly<Record<string, readonly PyValue[] | null>>;
      readonly argGrads: readonly (readonly PyValue[] | null)[];
      readonly buffers: Readonly<Record<string, readonly PyValue[]>>;
      readonly stateKeys: readonly string[];
      readonly state: Readonly<Record<string, readonly PyValue[]>> | null;
    }
  | { readonly ok: false; readonly error: string };

export function num(v: PyValue): number {
  return typeof v === "number" ? v : v === "nan" ? Number.NaN : v === "inf" ? Infinity : -Infinity;
}

/** Runs all cases in one Python process; throws with Python's stderr when the process itself fails. */
export function runCases(cases: readonly PyCase[]): PyResult[] {
  const r = runPython([RUNNER], { input: JSON.stringify({ cases }), timeoutMs: 240_000 });
  if (r.status !== 0) throw new Error(`pytorch-runner.py exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as PyResult[];
}

export function argOf(t: Tensor, dtype: "f64" | "f32" | "i32" | "bool", grad = false): PyArg {
  const kind = dtype === "i32" ? "int" : dtype === "bool" ? "bool" : "float";
  return { dtype: kind, shape: t.shape, data: Array.from(t.data), ...(grad ? { grad } : {}) };
}

/** The module of `graph` with the whole file it came from (code = helpers + class + imports). */
export function moduleOf(graph: Graph, outputs: readonly string[], train?: { loss: string; trainInputs: readonly string[] }, file = "case.nn", sourceText = ""): PyModuleResult & { program: string } {
  const m = emitModule({ modelName: graph.name || "Case", graph, outputs, dtype: "f64", file, sourceText }, train === undefined ? {} : { train });
  return { ...m, program: `${m.imports}\n\n${m.code}` };
}

/** |a − e| ≤ tol·max(1, |e|), elementwise; the first failing index or −1. */
export function mismatch(actual: readonly PyValue[], expected: ArrayLike<number>, tol: number): number {
  if (actual.length !== expected.length) return 0;
  for (let i = 0; i < actual.length; i++) {
    const a = num(actual[i]!);
    const e = expected[i]!;
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (!(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)))) return i;
  }
  return -1;
}
