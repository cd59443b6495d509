/**
 * The settings block and table functions of the program: everything the fixed loop (py-main.ts) reads
 * that depends on the `.nn` file, written from the train section through the rule tables.
 */
import { dimEquals, dimToString, type Dim, type Graph, type Node } from "@nnc/ir";
import type { OptimizerChoice } from "@nnc/ops";
import type { Setting } from "@nnc/runtime/core";
import type { PyTrainInput } from "../api.ts";
import { clipStatement } from "./clip.ts";
import { ddpDifference } from "./ddp-exact.ts";
import { dataRule, namedDataArgs, type DataHelper } from "./data-sources.ts";
import { labelClasses, metricModel, metricTuples, natsTuple } from "./metrics.ts";
import { PY_OPTIMIZERS, weightDecay, type PyOptimizerRule } from "./optimizers.ts";
import { pyNum, pyStr } from "./py-lit.ts";
import { PY_SCHEDULES, scheduleFunction } from "./schedules.ts";

/** A setting as the train section writes it: `adam(lr = 0.01)`, `csv("d.csv", val = 0.2)`; strings quoted (for comments and help text). */
export function settingText(s: Setting): string {
  return `${s.kind}(${Object.entries(s.args)
    .map(([k, v]) => {
      const value = typeof v === "string" ? JSON.stringify(v) : String(v);
      // Positional arguments are stored under their index ("0"): written as the file wrote them.
      return /^\d+$/.test(k) ? value : `${k} = ${value}`;
    })
    .join(", ")})`;
}


/** An input as the loop binds it: (name, kind, per-example shape), or why data cannot feed it. */
function inputTuple(n: Node, batchDim: Dim | null): { tuple: string } | { error: string } {
  const d0 = n.type.shape[0];
  const shape = batchDim !== null && d0 !== undefined && dimEquals(d0, batchDim) ? n.type.shape.slice(1) : n.type.shape;
  const sym = shape.find((d) => typeof d !== "number");
  if (sym !== undefined) return { error: `the input ${n.id} has the symbolic dim ${dimToString(sym)} besides the batch; data cannot feed it` };
  const kind = n.type.dtype === "i32" ? "int" : n.type.dtype === "bool" ? "bool" : "float";
  const dims = shape.map(String);
  return { tuple: `(${pyStr(n.id)}, ${pyStr(kind)}, (${dims.join(", ")}${dims.length === 1 ? "," : ""}))` };
}

export interface TrainBlock {
  readonly code: string;
  readonly helpers: readonly DataHelper[];
  readonly usesTopK: boolean;
  readonly usesNats: boolean;
  readonly optimizerHelper: string | undefined;
}

/** The settings and table functions for a train section; `inputs` are the module's inputs (model, then train) by .nn name. */
export function trainBlock(graph: Graph, outputs: readonly string[], inputs: readonly string[], t: PyTrainInput): TrainBlock {
  const mm = metricModel(graph, outputs, t.trainInputs);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const errors: string[] = [];
  const tuples = inputs.flatMap((name) => {
    const n = byId.get(name);
    if (n === undefined) return [];
    const r = inputTuple(n, mm.batchDim);
    if ("error" in r) errors.push(r.error);
    return "tuple" in r ? [r.tuple] : [];
  });
  const metrics = metricTuples(mm, t.metrics);
  const rule = t.data === undefined ? undefined : dataRule(t.data.source, t.data.args);
  const nats = rule?.nats === true ? natsTuple(graph, mm) : null;
  if (nats !== null) metrics.tuples.push(nats);
  errors.push(...metrics.errors);
  const load =
    t.data === undefined
      ? `fail("the train section names no data: add data = ... to it")`
      : rule === undefined
        ? `fail(${pyStr(`the data source ${t.data.source} has no PyTorch reader`)})`
        : rule.call(namedDataArgs(t.data.source, t.data.args));
  const dataText = t.data === undefined ? "no data" : settingText({ kind: t.data.source, args: t.data.args });
  const o: OptimizerChoice = t.optimizer;
  const opt: PyOptimizerRule = PY_OPTIMIZERS[o.kind];
  const lr = o.args["lr"];
  const wd = weightDecay(o);
  const code = [
    `INPUTS = [${tuples.join(", ")}]  # (name, kind, shape of one example): model inputs, then train inputs`,
    "INPUT_NAMES = [name for name, _, _ in INPUTS]",
    `LABEL_CLASSES = ${(() => {
      const lc = labelClasses(mm);
      return lc === null ? "None" : `(${pyStr(lc.label)}, ${lc.classes})`;
    })()}  # a classifier's label input and class count: labels must lie in 0..count-1`,
    `EPOCHS = ${t.epochs}`,
    `BATCH = ${t.batch}`,
    `SEED = ${t.seed}`,
    `BASE_LR = ${typeof lr === "number" ? pyNum(lr) : "None"}`,
    `SCHEDULE_USES_BASE = ${PY_SCHEDULES[t.schedule.kind].usesBase ? "True" : "False"}`,
    `DECAY_ALL = ${o.decayAll ? "True" : "False"}`,
    `DDP_DIFFERS = ${(() => {
      const why = ddpDifference(graph, t.loss);
      return why === null ? "None" : pyStr(why);
    })()}  # why torchrun's gradients differ from one process's on the same global batch, or None (see the loop)`,
    `SETUP_ERRORS = [${errors.map(pyStr).join(", ")}]`,
    "",
    "",
    "def load_data(data_dir):",
    `    """${pyStr(dataText).slice(1, -1)}, as nnc loads it: (train, validation or None)."""`,
    `    return ${load}`,
    "",
    "",
    "def param_groups(module):",
    `    """Weight decay ${pyNum(wd)} on parameters of rank >= 2 (weights, kernels); on every one with decay_all."""`,
    "    decayed = [p for p in module.parameters() if DECAY_ALL or p.dim() >= 2]",
    "    rest = [p for p in module.parameters() if not (DECAY_ALL or p.dim() >= 2)]",
    `    return [g for g in ({"params": decayed, "weight_decay": ${pyNum(wd)}}, {"params": rest, "weight_decay": 0.0}) if g["params"]]`,
    "",
    "",
    "def make_optimizer(groups, lr):",
    `    """${pyStr(settingText(o)).slice(1, -1)}${o.decayAll ? " with decay_all" : ""}: torch.optim computes nnc's update."""`,
    `    return ${opt.make(o)}`,
    "",
    "",
    scheduleFunction(t.schedule),
    "",
    "def clip_gradients(params):",
    `    ${clipStatement(t.clip)}`,
    "",
    "",
    "# (name, measure(outputs, batch) -> sum over the batch's rows, values per row (or a count function), finish(mean) -> reported value)",
    `METRICS = [${metrics.tuples.join(", ")}]`,
  ].join("\n");
  return { code, helpers: rule?.helpers ?? [], usesTopK: metrics.tuples.some((s) => s.includes("top_k_hits")), usesNats: nats !== null, optimizerHelper: opt.helper };
}

