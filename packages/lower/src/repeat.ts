/**
 * `y = x |> repeat(block, times = N, k = v)`: N applications of `block`, unrolled, each feeding its
 * output to the next one's first tensor parameter. Application i has its own params and values,
 * named `<bind>.<i>.<name>` (`y.0.W`, `y.1.attn.Wq`), its output `<bind>.<i>` (the last one is the
 * binding), and its nodes carry `step: { group: <bind>, index: i, count: N }`. Named arguments other
 * than `times` are passed to every application.
 */
import { overNodeBudget } from "./limits.ts";
import { typeToString, typesEqual } from "@nnc/ir";
import type { CallExpr } from "@nnc/syntax";
import { bindArgs, type ParamSpec } from "./args.ts";
import { callName, inlineBlock, paramPrefixOf } from "./block-call.ts";
import { registerSpecialForm } from "./block-hook.ts";
import { stateParams } from "./scan-checks.ts";
import { formArgs, inStep, MAX_STEPS } from "./scan-forms.ts";
import type { Scope } from "./scope.ts";
import { asNumber, describe, isPoisoned, POISON, type Spanned, type TensorValue, type Value } from "./values.ts";

const REPEAT_PARAMS: readonly ParamSpec[] = [
  { name: "x", kind: "tensor" },
  { name: "times", kind: "int" },
];

function lowerRepeat(scope: Scope, call: CallExpr, bindName?: string): Value {
  const ctx = scope.ctx;
  const form = formArgs(scope, call, "repeat", new Set(["times"]));
  if (form === undefined) return POISON;
  const bound = bindArgs(ctx, "repeat", REPEAT_PARAMS, call, form.own);
  if (bound === undefined) return POISON;
  const block = form.block;
  const name = block.name.name;
  const input = stateParams(block, form.forwarded)[0];
  if (input === undefined) {
    ctx.report("E0122", `\`${name}\` has no tensor parameter to take the repeated value`, form.blockSpan, {
      label: "repeated here",
      labels: [{ span: block.name.span, message: `\`${name}\` is declared here` }],
      help: `give \`${name}\` a first tensor parameter of the type it returns`,
    });
    return POISON;
  }
  const timesArg = bound.get("times")!;
  const times = asNumber(timesArg.value)!;
  if (times < 1 || times > MAX_STEPS) {
    ctx.report("E0338", `\`times = ${times}\` is out of range: \`repeat\` applies the block 1 to ${MAX_STEPS} times`, timesArg.span, {
      label: `this is ${times}`,
      help: times < 1 ? "use `times = 1` or more; to skip the block, use its input directly" : "use fewer repetitions",
    });
    return POISON;
  }
  const x = bound.get("x")!;
  const first = (x.value as TensorValue).type;
  const local = callName(scope, "repeat", bindName);
  const group = scope.prefix + local;
  const paramPrefix = paramPrefixOf(scope) + local;
  let cur: Spanned = x;
  for (let i = 0; i < times; i++) {
    if (overNodeBudget(ctx, call.span)) return POISON;
    const arg = cur;
    const named = [{ name: input.name.name, nameSpan: call.span, value: arg }, ...form.forwarded];
    const v = inStep(ctx, { group, index: i, count: times }, () =>
      inlineBlock(scope, call, block, { positional: [], named }, { prefix: `${group}.${i}.`, paramPrefix: `${paramPrefix}.${i}.` }),
    );
    if (isPoisoned(v)) return POISON;
    if (i === 0 && !(v.kind === "tensor" && typesEqual(v.type, first))) {
      const got = v.kind === "tensor" ? typeToString(v.type) : describe(v);
      ctx.report("E0339", `\`${name}\` returns ${got}, but \`repeat\` feeds its output back as \`${input.name.name}\`, which is ${typeToString(first)}`, form.blockSpan, {
        label: `\`${name}\` maps ${typeToString(first)} to ${got}`,
        labels: [
          { span: x.span, message: `the input is ${typeToString(first)}` },
          { span: block.returnType.span, message: "declared result type" },
        ],
        notes: ["each application's output is the next application's input, so the block must return the type it takes"],
        help: `make \`${name}\` return ${typeToString(first)}, or apply blocks that change the shape separately`,
      });
      return POISON;
    }
    if (v.kind === "tensor" && i < times - 1) ctx.claim(v.id, `${group}.${i}`);
    cur = { value: v, span: call.span };
  }
  return cur.value;
}

registerSpecialForm("repeat", lowerRepeat);
