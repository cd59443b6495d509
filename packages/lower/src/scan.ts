/**
 * `scan(cell, xs, init = h0, axis = 1)`: the cell applied along `axis` of `xs`, unrolled. Step t calls
 * `cell(x_t, state_t…) -> state_{t+1}` where x_t = xs[…, t, …] (the axis removed) and state_0 = init;
 * the result is state_1 … state_T stacked along `axis` (a tuple state: a tuple of stacks). The cell's
 * params are created at step 0 under `<bind>.` and reused by every later step (ctx.reuseParams), so
 * they are shared and their gradients sum over the steps; step t's values are named `<bind>[t].<name>`
 * and its nodes carry `step: { group: <bind>, index: t, count: T }`.
 */
import { overNodeBudget } from "./limits.ts";
import { typeToString, typesEqual, type Dim } from "@nnc/ir";
import type { BlockDecl, CallExpr } from "@nnc/syntax";
import { bindArgs, type ParamSpec } from "./args.ts";
import { callName, inlineBlock, paramPrefixOf } from "./block-call.ts";
import { registerSpecialForm } from "./block-hook.ts";
import type { LowerCtx } from "./context.ts";
import { resultCount } from "./results.ts";
import { checkScanAxis, checkScanLength, stateParams } from "./scan-checks.ts";
import { formArgs, inStep, type FormArgs } from "./scan-forms.ts";
import type { Scope } from "./scope.ts";
import { asNumber, describe, isPoisoned, num, POISON, type Spanned, type TensorValue, type Value } from "./values.ts";

const SCAN_PARAMS: readonly ParamSpec[] = [
  { name: "xs", kind: "tensor" },
  { name: "init", kind: "any" },
  { name: "axis", kind: "int", default: num(1) },
];

/** `xs` at position `t` of `axis`, the axis removed. */
function stepInput(ctx: LowerCtx, xs: TensorValue, axis: number, t: number, span: Spanned["span"]): Value {
  const s = ctx.op("slice", [xs], { axis, start: t, end: t + 1 }, span);
  if (s.kind !== "tensor") return POISON;
  return ctx.op("reshape", [s], { shape: xs.type.shape.filter((_, k) => k !== axis) }, span);
}

/** `v` with a new axis of size 1 at `axis`, ready to be concatenated with the other steps. */
function unsqueeze(ctx: LowerCtx, v: TensorValue, axis: number, span: Spanned["span"]): Value {
  const shape: Dim[] = [...v.type.shape];
  shape.splice(axis, 0, 1);
  return ctx.op("reshape", [v], { shape }, span);
}

/** E0335 when step 0 returns a state whose type is not the type it replaces; false then. */
function sameStates(ctx: LowerCtx, cell: BlockDecl, form: FormArgs, before: readonly Spanned[], after: readonly Spanned[]): boolean {
  const names = stateParams(cell, form.forwarded).slice(1).map((p) => p.name.name);
  for (const [i, b] of before.entries()) {
    const a = after[i]!.value;
    if (a.kind === "tensor" && b.value.kind === "tensor" && typesEqual(a.type, b.value.type)) continue;
    const got = a.kind === "tensor" ? typeToString(a.type) : describe(a);
    const was = b.value.kind === "tensor" ? typeToString(b.value.type) : describe(b.value);
    ctx.report("E0335", `\`${cell.name.name}\` changes the scan state \`${names[i] ?? i}\`: it starts as ${was} but step 0 returns ${got}`, b.span, {
      label: `the initial state is ${was}`,
      labels: [{ span: cell.returnType.span, message: `declared result type: step 0 gives ${got}` }],
      notes: ["each step's result is the next step's state, so it must keep the state's type"],
      help: `make \`${cell.name.name}\` return ${was} for this state, or give \`init\` the type the cell keeps`,
    });
    return false;
  }
  return true;
}

function lowerScan(scope: Scope, call: CallExpr, bindName?: string): Value {
  const ctx = scope.ctx;
  const form = formArgs(scope, call, "scan", new Set(["init", "axis"]));
  if (form === undefined) return POISON;
  const bound = bindArgs(ctx, "scan", SCAN_PARAMS, call, form.own);
  if (bound === undefined) return POISON;
  const xsArg = bound.get("xs")!;
  const init = bound.get("init")!;
  const axisArg = bound.get("axis")!;
  const cell = form.block;
  const states: Spanned[] = init.value.kind === "tuple" ? [...init.value.items] : [init];
  for (const s of states) {
    if (s.value.kind === "tensor") continue;
    ctx.report("E0203", `the \`init\` state of \`scan\` must be a tensor or a tuple of tensors, but this is ${describe(s.value)}`, s.span, { label: "not a tensor" });
    return POISON;
  }
  if (!checkArity(ctx, cell, form, init, states.length)) return POISON;
  const xs = xsArg.value as TensorValue;
  const axes = checkScanAxis(ctx, xs, xsArg.span, asNumber(axisArg.value)!, axisArg.span, states);
  if (axes === undefined) return POISON;
  const T = checkScanLength(ctx, xs, axes.input, xsArg.span);
  if (T === undefined) return POISON;
  const local = callName(scope, "scan", bindName);
  const group = scope.prefix + local;
  const paramPrefix = `${paramPrefixOf(scope)}${local}.`;
  const params = stateParams(cell, form.forwarded);
  const saved = ctx.reuseParams;
  ctx.reuseParams = saved ?? new Map();
  try {
    let cur = states;
    const stacks: Value[][] = states.map(() => []);
    for (let t = 0; t < T; t++) {
      if (overNodeBudget(ctx, call.span)) return POISON;
      const next = inStep(ctx, { group, index: t, count: T }, () => {
        const xt = stepInput(ctx, xs, axes.input, t, xsArg.span);
        if (xt.kind === "tensor") ctx.claim(xt.id, `${group}[${t}].${params[0]!.name.name}`);
        const named = [
          { name: params[0]!.name.name, nameSpan: call.span, value: { value: xt, span: xsArg.span } },
          ...params.slice(1).map((p, i) => ({ name: p.name.name, nameSpan: call.span, value: cur[i]! })),
          ...form.forwarded,
        ];
        const v = inlineBlock(scope, call, cell, { positional: [], named }, { prefix: `${group}[${t}].`, paramPrefix });
        if (isPoisoned(v)) return undefined;
        const items: Spanned[] = v.kind === "tuple" ? [...v.items] : [{ value: v, span: call.span }];
        if (t === 0 && !sameStates(ctx, cell, form, states, items)) return undefined;
        items.forEach((it, i) => stacks[i]!.push(unsqueeze(ctx, it.value as TensorValue, axes.output[i]!, call.span)));
        return items.map((it, i) => ({ value: it.value, span: states[i]!.span }));
      });
      if (next === undefined) return POISON;
      cur = next;
    }
    const out = stacks.map((parts, i) => {
      const ts = parts.filter((p): p is TensorValue => p.kind === "tensor");
      if (ts.length !== parts.length) return POISON;
      return ts.length === 1 ? ts[0]! : ctx.op("concat", ts, { axis: axes.output[i]! }, call.span);
    });
    if (out.some((v) => v.kind === "poison")) return POISON;
    return out.length === 1 ? out[0]! : { kind: "tuple", items: out.map((value) => ({ value, span: call.span })) };
  } finally {
    ctx.reuseParams = saved;
  }
}

/** E0336 (init vs the cell's results) and E0337 (init vs the cell's state parameters); false after reporting. */
function checkArity(ctx: LowerCtx, cell: BlockDecl, form: FormArgs, init: Spanned, count: number): boolean {
  const name = cell.name.name;
  const results = resultCount(cell);
  const values = (n: number): string => (n === 1 ? "one value" : `${n} values`);
  if (results !== count) {
    ctx.report("E0336", `\`init\` gives ${values(count)}, but \`${name}\` returns ${results === 1 ? "one result" : `${results} results`}: the state is what the cell returns`, init.span, {
      label: `${values(count)} here`,
      labels: [{ span: cell.returnType.span, message: `\`${name}\` returns this` }],
      help: results === 1 ? "give one initial tensor: `init = h0`" : `give one initial value per result: \`init = (${Array.from({ length: results }, (_, i) => `s${i}`).join(", ")})\``,
    });
    return false;
  }
  const params = stateParams(cell, form.forwarded);
  if (params.length - 1 === count) return true;
  const takes = params.length === 0 ? "no tensor parameter" : `${params.length - 1} state argument${params.length === 2 ? "" : "s"} after its input \`${params[0]!.name.name}\``;
  ctx.report("E0337", `\`${name}\` takes ${takes}, but \`init\` gives ${values(count)}`, form.blockSpan, {
    label: `called as \`${name}(x_t, state…)\` at each step`,
    labels: [{ span: cell.name.span, message: `\`${name}\` is declared here` }, { span: init.span, message: `${values(count)} of state` }],
    notes: ["a scan cell takes the step's slice of `xs`, then one tensor per state (tensor parameters given by name in the `scan` call excluded)"],
    help: `declare ${count === 1 ? "one state parameter" : `${count} state parameters`} after the input, of the types of \`init\``,
  });
  return false;
}

registerSpecialForm("scan", lowerScan);
