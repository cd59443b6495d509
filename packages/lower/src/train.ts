/** A train section: train inputs join the model's scope, the loss is lowered into the model's graph. */
import type { Span } from "@nnc/diagnostics";
import { isFloat, shapeToString, tensorType, typeToString, type GraphOutput } from "@nnc/ir";
import { OPTIMIZERS } from "@nnc/ops";
import type { ScheduleSetting } from "@nnc/runtime/core";
import type { TrainDecl, TrainSetting } from "@nnc/syntax";
import type { TrainInfo } from "./api.ts";
import type { BodyScope } from "./body.ts";
import { lowerExpr } from "./expr.ts";
import { resolveType } from "./resolve-type.ts";
import { didYouMean } from "./suggest.ts";
import { parseData } from "./data-setting.ts";
import { checkMetricFit } from "./train-fit.ts";
import { parseClip, parseCount, parseFlag, parseMetrics, parseOptimizer, parseSchedule, type CheckedOptimizer } from "./train-settings.ts";
import { POISON } from "./values.ts";

const KEYS = ["loss", "optimizer", "schedule", "clip", "metrics", "decay_all", "data", "batch", "epochs", "seed"] as const;

const CONSTANT: ScheduleSetting = { kind: "constant", args: {} };

/** A train section's facts with the loss id as lowered (before the graph's final renaming). */
export type LoweredTrain = TrainInfo;

function lowerLoss(scope: BodyScope, e: TrainSetting["value"]): string | undefined {
  const ctx = scope.ctx;
  const v = lowerExpr(scope, e);
  if (v.kind === "poison") return undefined;
  if (v.kind !== "tensor") {
    ctx.report("E0404", "the loss must be a tensor computed from the model", e.span, { label: "a constant" });
    return undefined;
  }
  if (v.type.shape.length !== 0 || !isFloat(v.type.dtype)) {
    const what = v.type.shape.length !== 0 ? `has shape ${shapeToString(v.type.shape)}` : `has element type ${v.type.dtype}`;
    ctx.report("E0404", `the loss must be a floating-point scalar, but it ${what} (${typeToString(v.type)})`, e.span, {
      label: `this is ${typeToString(v.type)}`,
      ...(v.type.shape.length !== 0 ? { help: `reduce it to a scalar, e.g. \`mean(${ctx.text(e.span)})\`` } : {}),
    });
    return undefined;
  }
  ctx.claim(v.id, "loss");
  return v.id;
}

/** decay_all from the optimizer's argument or the train key (E0424 when both), checked against the optimizer (E0425). */
function decayAll(scope: BodyScope, opt: CheckedOptimizer, key: TrainSetting | undefined): boolean | undefined {
  const ctx = scope.ctx;
  if (key === undefined) return opt.decayAll?.value ?? false;
  if (opt.decayAll !== undefined) {
    ctx.report("E0424", "`decay_all` is set twice: as an argument of the optimizer and as a train setting", key.key.span, {
      label: "set again here",
      labels: [{ span: opt.decayAll.span, message: "first set here" }],
      help: "keep one of them",
    });
    return undefined;
  }
  const v = parseFlag(ctx, "decay_all", key.value);
  if (v === undefined) return undefined;
  const kind = opt.setting.kind;
  if (v && !OPTIMIZERS[kind].decays) {
    ctx.report("E0425", `\`decay_all\` has no effect: \`${kind}\` has no weight decay`, key.span, {
      label: "nothing to decay",
      labels: [{ span: opt.setting.span, message: `\`${kind}\` takes no \`weight_decay\`` }],
      help: `remove it, or use an optimizer with weight decay (${Object.values(OPTIMIZERS).filter((d) => d.decays).map((d) => `\`${d.kind}\``).join(", ")})`,
    });
    return undefined;
  }
  return v;
}

/** cosine's min_lr above the optimizer's lr would make the "decay" rise (E0420). */
function checkScheduleLr(scope: BodyScope, schedule: ScheduleSetting, opt: CheckedOptimizer, span: Span): void {
  const minLr = schedule.args["min_lr"];
  const lr = opt.setting.args["lr"];
  if (schedule.kind !== "cosine" || typeof minLr !== "number" || typeof lr !== "number" || minLr <= lr) return;
  scope.ctx.report("E0420", `\`min_lr\` of \`cosine\` is ${minLr}, above the optimizer's learning rate ${lr}: the cosine would rise instead of decay`, span, {
    label: "min_lr above lr",
    labels: [{ span: opt.setting.span, message: `lr = ${lr}` }],
    help: "use a min_lr below the learning rate",
  });
}

/** The train section; with the model's `outputs`, the metrics are checked against them (E0423). */
export function lowerTrain(scope: BodyScope, decl: TrainDecl, outputs?: readonly GraphOutput[]): LoweredTrain | undefined {
  const ctx = scope.ctx;
  const trainInputs: string[] = [];
  const settings = new Map<string, TrainSetting>();
  let ok = true;
  for (const entry of decl.entries) {
    if (entry.kind === "TrainInput") {
      const type = resolveType(ctx, entry.type, scope.dims);
      if (!scope.defineValue(entry.name, "train input", POISON)) continue;
      if (type === undefined) continue;
      const v = ctx.source("input", { role: "train", dtype: type.dtype, shape: type.shape }, tensorType(type.dtype, type.shape), entry.span, entry.name.name);
      scope.setValue(entry.name.name, v);
      trainInputs.push(v.id);
      continue;
    }
    const key = entry.key.name;
    if (!(KEYS as readonly string[]).includes(key)) {
      const near = didYouMean(key, KEYS);
      ctx.report("E0403", `unknown train setting \`${key}\``, entry.key.span, {
        label: "not a train setting",
        notes: [`train settings are ${KEYS.join(", ")}, and \`input NAME: T\` declarations`],
        ...(near === undefined ? {} : { help: near }),
      });
      ok = false;
      continue;
    }
    const first = settings.get(key);
    if (first !== undefined) {
      ctx.report("E0408", `\`${key}\` is set twice in the train section`, entry.key.span, { label: "set again here", labels: [{ span: first.key.span, message: "first set here" }] });
      ok = false;
      continue;
    }
    settings.set(key, entry);
  }
  for (const key of ["loss", "optimizer"] as const) {
    if (settings.has(key)) continue;
    const example = key === "loss" ? "loss = mean(cross_entropy(logits, label))" : "optimizer = adam(lr = 0.001)";
    ctx.report("E0405", `the train section for \`${decl.model.name}\` has no \`${key}\``, decl.model.span, { label: `\`${key}\` is required`, help: `add e.g. \`${example}\`` });
    ok = false;
  }
  const get = (k: string): TrainSetting["value"] | undefined => settings.get(k)?.value;
  const lossExpr = get("loss");
  const loss = lossExpr === undefined ? undefined : lowerLoss(scope, lossExpr);
  const optExpr = get("optimizer");
  const opt = optExpr === undefined ? undefined : parseOptimizer(ctx, optExpr);
  const decay = opt === undefined ? undefined : decayAll(scope, opt, settings.get("decay_all"));
  const scheduleExpr = get("schedule");
  const schedule = scheduleExpr === undefined ? CONSTANT : parseSchedule(ctx, scheduleExpr);
  if (schedule !== undefined && scheduleExpr !== undefined && opt !== undefined) checkScheduleLr(scope, schedule, opt, scheduleExpr.span);
  const clipExpr = get("clip");
  const clip = clipExpr === undefined ? null : parseClip(ctx, clipExpr);
  const metricsExpr = get("metrics");
  const metrics = metricsExpr === undefined ? null : parseMetrics(ctx, metricsExpr);
  if (metrics !== null && metrics !== undefined && outputs !== undefined) checkMetricFit(ctx, outputs, trainInputs, metrics);
  const dataExpr = get("data");
  const data = dataExpr === undefined ? undefined : parseData(ctx, dataExpr);
  const counts: Record<string, number> = {};
  for (const k of ["batch", "epochs", "seed"]) {
    const e = get(k);
    if (e === undefined) continue;
    const n = parseCount(ctx, k, e);
    if (n === undefined) ok = false;
    else counts[k] = n;
  }
  if (!ok || loss === undefined || opt === undefined || decay === undefined || schedule === undefined || clip === undefined || metrics === undefined) return undefined;
  if (dataExpr !== undefined && data === undefined) return undefined;
  return {
    loss,
    trainInputs,
    optimizer: { kind: opt.setting.kind, args: opt.setting.args, decayAll: decay, span: opt.setting.span },
    schedule,
    clip,
    metrics: metrics === null ? null : metrics.map((m) => m.setting),
    ...(data === undefined ? {} : { data }),
    ...(counts.batch === undefined ? {} : { batch: counts.batch }),
    ...(counts.epochs === undefined ? {} : { epochs: counts.epochs }),
    ...(counts.seed === undefined ? {} : { seed: counts.seed }),
    span: decl.span,
  };
}
