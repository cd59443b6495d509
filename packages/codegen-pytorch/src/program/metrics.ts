/**
 * Metrics in Python, one rule per kind, as packages/runtime/src/metrics.ts measures them: a sum over
 * a batch's rows (`measure(out, batch)`, out the model's outputs, batch the inputs by name), divided
 * over the epoch by rows × per_row, then `finish`ed. Accuracy: argmax = label for [B, C] logits with
 * an i32 label (first index wins ties, as torch.argmax), or logit > 0 ⇔ target > 0.5 for one logit.
 */
import { dimEquals, type Dim, type Graph, type Node, type TensorType } from "@nnc/ir";
import type { MetricKind, MetricSetting } from "@nnc/runtime/core";
import { pyStr } from "./py-lit.ts";

/** What the metrics read: the model's single output and single train input, or why a metric does not apply. */
export interface MetricModel {
  readonly output: TensorType | null;
  readonly label: { readonly name: string; readonly type: TensorType } | null;
  /** The batch dim: the first dim of the first model input when it is symbolic. */
  readonly batchDim: Dim | null;
}

/** A metric: its name as reported (`top_5`), and its Python tuple `(name, measure, per_row, finish)` or the reason it does not apply. */
export interface PyMetricRule {
  readonly label: (s: MetricSetting) => string;
  readonly tuple: (m: MetricModel, s: MetricSetting) => { readonly tuple: string } | { readonly error: string };
}
const byKind = (s: MetricSetting): string => s.kind;

const isBatch = (m: MetricModel, d: Dim | undefined): boolean => m.batchDim !== null && d !== undefined && dimEquals(d, m.batchDim);
const perExample = (m: MetricModel, t: TensorType): readonly Dim[] => (isBatch(m, t.shape[0]) ? t.shape.slice(1) : t.shape);
const width = (m: MetricModel, t: TensorType): number | null => {
  let w = 1;
  for (const d of perExample(m, t)) {
    if (typeof d !== "number") return null;
    w *= d;
  }
  return w;
};

type Accuracy = { kind: "classes"; label: string; classes: number } | { kind: "binary"; label: string } | null;

function accuracyOf(m: MetricModel): Accuracy {
  const out = m.output;
  const lab = m.label;
  if (out === null || lab === null) return null;
  const classes = out.shape.length === 2 && isBatch(m, out.shape[0]) && typeof out.shape[1] === "number" ? out.shape[1] : null;
  if (classes !== null && lab.type.dtype === "i32") return { kind: "classes", label: lab.name, classes };
  const single = (t: TensorType): boolean => isBatch(m, t.shape[0]) && perExample(m, t).every((d) => d === 1);
  if (single(out) && single(lab.type) && (lab.type.dtype === "f32" || lab.type.dtype === "f64")) return { kind: "binary", label: lab.name };
  return null;
}

/** The label input and class count of a classifier ([B, C] logits, one i32 label), whose labels must lie in 0…C−1; else null. */
export function labelClasses(m: MetricModel): { readonly label: string; readonly classes: number } | null {
  const acc = accuracyOf(m);
  return acc?.kind === "classes" ? { label: acc.label, classes: acc.classes } : null;
}

const NEEDS_CLASSES = "[B, C] logits with an i32 label, or a [B] logit with a float 0/1 target";

function regression(m: MetricModel, s: MetricSetting, f: string, finish: string): { tuple: string } | { error: string } {
  const lab = m.label;
  const w = m.output === null ? null : width(m, m.output);
  if (lab === null || w === null || (lab.type.dtype !== "f32" && lab.type.dtype !== "f64") || width(m, lab.type) !== w) return { error: "one output and one float target of the same shape" };
  const y = `b[${pyStr(lab.name)}]`;
  return { tuple: `(${pyStr(s.kind)}, lambda out, b: (${f.replace("D", `(out[0].reshape(${y}.shape) - ${y})`)}).sum().item(), ${w}, ${finish})` };
}

export const PY_METRICS = {
  accuracy: {
    label: byKind,
    tuple: (m, s) => {
      const acc = accuracyOf(m);
      if (acc === null) return { error: NEEDS_CLASSES };
      const y = `b[${pyStr(acc.label)}]`;
      const measure = acc.kind === "classes" ? `(out[0].argmax(dim=1) == ${y}).sum().item()` : `((out[0].reshape(-1) > 0) == (${y}.reshape(-1) > 0.5)).sum().item()`;
      return { tuple: `(${pyStr(s.kind)}, lambda out, b: ${measure}, 1, lambda v: v)` };
    },
  },
  top_k: {
    label: (s) => `top_${String(s.args["k"])}`,
    tuple: (m, s) => {
      const acc = accuracyOf(m);
      const k = s.args["k"];
      if (acc?.kind !== "classes") return { error: "[B, C] logits with an i32 label" };
      if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > acc.classes) return { error: `k in 1…${acc.classes} (the model's classes), got ${String(k)}` };
      // Fewer than k logits strictly larger than the label's; a NaN label logit is never a hit.
      return { tuple: `(${pyStr(`top_${k}`)}, lambda out, b: top_k_hits(out[0], b[${pyStr(acc.label)}], ${k}), 1, lambda v: v)` };
    },
  },
  mae: { label: byKind, tuple: (m, s) => regression(m, s, "D.abs()", "lambda v: v") },
  rmse: { label: byKind, tuple: (m, s) => regression(m, s, "D ** 2", "math.sqrt") },
} satisfies Record<MetricKind, PyMetricRule>;

export const PY_TOP_K = String.raw`
def top_k_hits(logits, labels, k):
    mine = logits.gather(1, labels.reshape(-1, 1))
    larger = (logits > mine).sum(dim=1)
    return ((larger < k) & ~torch.isnan(mine.reshape(-1))).sum().item()
`;

/** The model facts the metrics read, from the forward graph: its single output, its single train input, the batch dim. */
export function metricModel(graph: Graph, outputs: readonly string[], trainInputs: readonly string[]): MetricModel {
  const byId = new Map<string, Node>(graph.nodes.map((n) => [n.id, n]));
  const outId = outputs.length === 1 ? graph.outputs.find((o) => o.name === outputs[0])?.id : undefined;
  const out = outId === undefined ? undefined : byId.get(outId);
  const lab = trainInputs.length === 1 ? byId.get(trainInputs[0]!) : undefined;
  const first = graph.nodes.find((n) => n.op === "input" && n.attrs["role"] !== "train");
  const d0 = first?.type.shape[0];
  return { output: out?.type ?? null, label: lab === undefined ? null : { name: lab.id, type: lab.type }, batchDim: d0 !== undefined && typeof d0 !== "number" ? d0 : null };
}

/** The METRICS list of the program: the selected ones, or (null) accuracy where it applies; errors for ones that do not apply. */
export function metricTuples(m: MetricModel, selected: readonly MetricSetting[] | null): { tuples: string[]; errors: string[] } {
  const chosen = selected ?? (accuracyOf(m) === null ? [] : [{ kind: "accuracy" as const, args: {} }]);
  const tuples: string[] = [];
  const errors: string[] = [];
  for (const s of chosen) {
    const rule: PyMetricRule = PY_METRICS[s.kind];
    const r = rule.tuple(m, s);
    if ("error" in r) errors.push(`the metric ${rule.label(s)} does not apply to this model: it needs ${r.error}`);
    else tuples.push(r.tuple);
  }
  return { tuples, errors };
}

export const PY_NATS = String.raw`
def text_mask(b, T):
    """1 at real target positions: the model's mask input, else as text rows are laid out (t = 0 or x[t] != 0)."""
    if "mask" in b:
        return b["mask"].double()
    x = b["x"]
    return ((x != 0) | (torch.arange(T, device=x.device) == 0)).double()


def text_nats(logits, b):
    """Sum over real positions of -log softmax(logits)[y]: the numerator of nnc's nats per character."""
    z = logits.double()
    ce = torch.logsumexp(z, dim=-1) - z.gather(-1, b["y"].long().unsqueeze(-1)).squeeze(-1)
    return (ce * text_mask(b, logits.shape[1])).sum().item()
`;

/**
 * Text data's `nats` (packages/runtime/src/text-data-metric.ts), reported after the selected metrics:
 * cross-entropy per real character, token-weighted over the epoch. It applies to a single [B, T, C]
 * output with a train input `y: i32[B, T]` and an input `x: i32[B, T]` or `mask`; null otherwise.
 */
export function natsTuple(graph: Graph, m: MetricModel): string | null {
  const out = m.output;
  const T = out?.shape[1];
  if (out?.shape.length !== 3 || !isBatch(m, out.shape[0]) || typeof T !== "number" || typeof out.shape[2] !== "number") return null;
  const ids = (t: TensorType | undefined): boolean => t !== undefined && t.dtype === "i32" && t.shape.length === 2 && isBatch(m, t.shape[0]) && t.shape[1] === T;
  const input = (name: string): TensorType | undefined => graph.nodes.find((n) => n.op === "input" && n.id === name)?.type;
  if (!ids(input("y"))) return null;
  const mask = input("mask");
  if (!ids(input("x")) && (mask === undefined || mask.dtype === "i32")) return null;
  return '("nats", lambda out, b: text_nats(out[0], b), lambda out, b: text_mask(b, out[0].shape[1]).sum().item(), lambda v: v)';
}
