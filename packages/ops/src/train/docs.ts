/**
 * The reference part of docs/training.md, generated from the tables: a new record appears in the docs
 * with no hand edit. scripts/gen-docs.ts writes it between the markers; test/src/train-docs.test.ts
 * fails when the file is stale.
 */
import { signatureText, type ArgDef, type SettingDef } from "./arg-def.ts";
import { CLIPS } from "./clip.ts";
import { callableDataSources, dataSourceSig } from "./data-sources.ts";
import { INITIALIZERS } from "./initializers.ts";
import { METRICS, type MetricNeeds } from "./metrics.ts";
import type { OptimizerDef } from "./optimizer-def.ts";
import { OPTIMIZERS } from "./optimizers.ts";
import { SCHEDULES } from "./schedules.ts";

export const GENERATED_START = "<!-- generated:train-tables -->";
export const GENERATED_END = "<!-- /generated -->";

/** A table cell: `|` and line breaks would end the cell. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function argRows(defs: readonly SettingDef<string>[]): string[] {
  const rows: string[] = [];
  for (const d of defs) {
    for (const a of d.args) rows.push(`| \`${d.kind}\` | \`${a.name}\` | ${argDefault(a)} | ${argValid(a)} | ${cell(a.doc)} |`);
  }
  return rows.length === 0 ? [] : ["", "| of | argument | default | valid values | meaning |", "|---|---|---|---|---|", ...rows];
}

function argDefault(a: ArgDef): string {
  return a.default === undefined ? "required" : `\`${String(a.default)}\``;
}

function argValid(a: ArgDef): string {
  const kind = a.kind === "bool" ? "`true` or `false`" : a.kind === "int" ? "a whole number" : "a number";
  return a.range === undefined ? kind : `${kind} ${a.range[1]}`;
}

/** `defs` with the text appended to each one's doc (a formula, what it needs). */
function section(title: string, intro: string, defs: readonly SettingDef<string>[], extra: readonly string[] = []): string[] {
  return [
    `### ${title}`,
    "",
    intro,
    "",
    "| setting | what it does |",
    "|---|---|",
    ...defs.map((d, i) => `| \`${signatureText(d)}\` | ${cell(d.doc + (extra[i] ?? ""))} |`),
    ...argRows(defs),
    "",
  ];
}

const NEEDS_TEXT: Readonly<Record<MetricNeeds, string>> = {
  classes: "class scores `[B, C]` and an `i32` label",
  labels: "class scores and an `i32` label, or a binary output `[B]`/`[B, 1]` and a float 0/1 target",
  targets: "an output and a float target of the same shape",
};

/** The state arrays the optimizer keeps per parameter (with momentum on, where it has one). */
function stateText(d: OptimizerDef): string {
  const args = Object.fromEntries(d.args.map((a) => [a.name, a.default ?? 1]));
  const state = d.state({ ...args, momentum: 0.9 });
  return state.length === 0 ? "" : ` State per parameter: ${state.join(", ")}${d.counter ? ", and a step counter" : ""}.`;
}

/** The generated reference (without the markers). */
export function trainTablesReference(): string {
  const optimizers = Object.values(OPTIMIZERS);
  const schedules = Object.values(SCHEDULES);
  const metrics = Object.values(METRICS);
  const lines = [
    "## Reference",
    "",
    "Generated from the tables in `packages/ops/src/train/` by `node --conditions=@nnc/source --import tsx scripts/gen-docs.ts`; do not edit by hand.",
    "",
    ...section(
      "Optimizers (`optimizer = …`)",
      "Every update follows torch.optim's formula; t is the 1-based step, g the gradient after clipping, lr the step's learning rate (after the schedule). Weight decay reaches only parameters of rank ≥ 2 unless `decay_all = true` (an argument of the optimizers that have `weight_decay`, or a train-section key).",
      optimizers,
      optimizers.map(stateText),
    ),
    ...section("Schedules (`schedule = …`)", "t counts optimizer steps 0…S−1 over the whole run (S = epochs × steps per epoch); lr is the optimizer's learning rate. Default: `constant()`.", schedules, schedules.map((d) => ` lr(t) = ${d.formula}.`)),
    ...section("Gradient clipping (`clip = …`)", "Applied to every gradient after the backward pass, before the optimizer reads them. Default: none.", Object.values(CLIPS)),
    ...section("Metrics (`metrics = [ … ]`)", "A list of metrics reported per epoch on the training and the validation data; a bare name is the call with its defaults (`[accuracy, top_k(3)]`). Default: accuracy for a classification model, none otherwise. `nnc check` refuses a metric the model cannot support (E0423).", metrics, metrics.map((d) => ` Needs: ${NEEDS_TEXT[d.needs]}.`)),
    "### Initializers (`param W: T = …`)",
    "",
    "| initializer | value of each element |",
    "|---|---|",
    ...Object.values(INITIALIZERS).map((d) => `| \`${d.kind}(${d.args.map((a) => (a.default === undefined ? a.name : `${a.name} = ${a.default}`)).join(", ")})\` | ${cell(`${d.formula}. ${d.doc}`)} |`),
    "",
    "### Data sources (`data = …`)",
    "",
    "| source | arguments | what it reads |",
    "|---|---|---|",
    ...callableDataSources().map((name) => {
      const s = dataSourceSig(name)!;
      return `| \`${name}()\` | ${s.args.length === 0 ? "none" : s.args.map((a) => `\`${a.name}\``).join(", ")} | ${cell(s.doc)} |`;
    }),
  ];
  return `${lines.join("\n")}\n`;
}

/** `doc` with the text between the markers replaced by `body`; undefined when the markers are missing. */
export function spliceGenerated(doc: string, body: string): string | undefined {
  const start = doc.indexOf(GENERATED_START);
  const end = doc.indexOf(GENERATED_END, start);
  if (start < 0 || end < 0) return undefined;
  return `${doc.slice(0, start + GENERATED_START.length)}\n${body}${doc.slice(end)}`;
}
