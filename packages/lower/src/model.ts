/** Lowering one model (and its train section) to a graph. */
import { typesEqual, typeToString, type Graph, type GraphOutput, type TensorType } from "@nnc/ir";
import type { ModelDecl, Signature, TrainDecl } from "@nnc/syntax";
import type { LoweredModel, TrainInfo } from "./api.ts";
import { BodyScope, declareBody } from "./body.ts";
import { LowerCtx, type ProgramInfo } from "./context.ts";
import { checkDataFields } from "./data-fields.ts";
import { resolveType, symbolEnv } from "./resolve-type.ts";
import { lowerTrain } from "./train.ts";
import { POISON } from "./values.ts";

/** Inputs and outputs: each name once across both lists (E0109). */
function uniqueSignatures(ctx: LowerCtx, model: ModelDecl): Set<Signature> {
  const seen = new Map<string, { sig: Signature; what: string }>();
  const ok = new Set<Signature>();
  const all = [...model.inputs.map((sig) => ({ sig, what: "input" })), ...model.outputs.map((sig) => ({ sig, what: "output" }))];
  for (const s of all) {
    const first = seen.get(s.sig.name.name);
    if (first !== undefined) {
      ctx.report("E0109", `\`${s.sig.name.name}\` is declared twice in the signature of \`${model.name.name}\``, s.sig.name.span, {
        label: `declared again, as an ${s.what}`,
        labels: [{ span: first.sig.name.span, message: `first declared here, as an ${first.what}` }],
        help: "inputs and outputs need distinct names",
      });
      continue;
    }
    seen.set(s.sig.name.name, s);
    ok.add(s.sig);
  }
  return ok;
}

function lowerOutputs(ctx: LowerCtx, scope: BodyScope, model: ModelDecl, unique: Set<Signature>): GraphOutput[] {
  const outputs: GraphOutput[] = [];
  for (const sig of model.outputs) {
    if (!unique.has(sig)) continue;
    const name = sig.name.name;
    const declared: TensorType | undefined = resolveType(ctx, sig.type, scope.dims);
    if (!scope.has(name)) {
      ctx.report("E0108", `output \`${name}\` is never assigned`, sig.span, {
        label: "declared here",
        help: `assign it in the body of \`${model.name.name}\`: \`${name} = ...\``,
      });
      continue;
    }
    const v = scope.lookup(name, sig.name.span) ?? POISON;
    if (declared === undefined || v.kind === "poison") continue;
    const at = scope.definitionSpan(name) ?? sig.span;
    if (v.kind === "number") {
      outputs.push({ name, id: ctx.constant(v.value, declared, at).id });
      continue;
    }
    if (v.kind !== "tensor" || !typesEqual(v.type, declared)) {
      const got = v.kind === "tensor" ? typeToString(v.type) : "not a tensor";
      ctx.report("E0309", `output \`${name}\` is declared ${typeToString(declared)} but its value is ${got}`, at, {
        label: `this is ${got}`,
        labels: [{ span: sig.type.span, message: "declared here" }],
      });
      continue;
    }
    outputs.push({ name, id: v.id });
  }
  return outputs;
}

/** `next` updates recorded during lowering name values by their lowering ids: give them the final ones. */
function renameUpdates(g: Graph, ids: ReadonlyMap<string, string>): Graph {
  if (g.updates === undefined) return g;
  const rn = (id: string): string => ids.get(id) ?? id;
  return { ...g, updates: g.updates.map((u) => ({ buffer: rn(u.buffer), value: rn(u.value) })) };
}

/** The model's graph, or undefined when it (or its train section) has errors. */
export function lowerModel(prog: ProgramInfo, model: ModelDecl, train: TrainDecl | undefined): LoweredModel | undefined {
  const before = prog.sink.errorCount;
  const ctx = new LowerCtx(prog, model.name.name);
  const scope = new BodyScope(ctx, "", symbolEnv(prog.dims.keys()));
  const unique = uniqueSignatures(ctx, model);
  for (const sig of model.inputs) {
    if (!unique.has(sig)) continue;
    const t = resolveType(ctx, sig.type, scope.dims);
    const v = t === undefined ? POISON : ctx.source("input", { role: "model", dtype: t.dtype, shape: t.shape }, t, sig.span, sig.name.name);
    scope.defineValue(sig.name, "input", v);
  }
  for (const s of model.body) {
    if (s.kind === "Return") {
      ctx.report("E0113", "`return` is only allowed in a block", s.span, {
        label: "in a model",
        help: "a model's results are its outputs: assign them by name, e.g. `logits = ...`",
      });
    }
  }
  declareBody(scope, model.body);
  scope.lowerAll();
  const outputs = lowerOutputs(ctx, scope, model, unique);
  const lowered = train === undefined ? undefined : lowerTrain(scope, train, outputs);
  const finished = ctx.finish(outputs);
  const { ids } = finished;
  const graph = renameUpdates(finished.graph, ids);
  if (lowered?.data !== undefined) checkDataFields(ctx, graph, lowered.data);
  const incomplete = scope.anyPoisoned() || outputs.length !== model.outputs.length || (train !== undefined && lowered === undefined);
  if (prog.sink.errorCount > before || incomplete) return undefined;
  const rn = (id: string): string => ids.get(id) ?? id;
  const info: TrainInfo | undefined = lowered === undefined ? undefined : { ...lowered, loss: rn(lowered.loss), trainInputs: lowered.trainInputs.map(rn) };
  return { name: model.name.name, graph, ...(info === undefined ? {} : { train: info }), span: model.span };
}
