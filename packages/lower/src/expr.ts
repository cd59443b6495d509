/**
 * Expression lowering: constants fold, tensors become nodes, names resolve lazily through the scope.
 * Calls: arguments are always lowered (so errors inside them are reported), then dispatched to a block
 * (block-hook.ts), a built-in, or reported.
 */
import { dimAdd, dimMul, dimSub, isConcrete, type Dim } from "@nnc/ir";
import type { BinaryExpr, CallExpr, Expr, NameRef, PathExpr, UnaryExpr } from "@nnc/syntax";
import { bindArgs, type CallArgs } from "./args.ts";
import { lowerBlock, specialForm, specialFormNames } from "./block-hook.ts";
import { Args } from "./builtins/args-view.ts";
import { alignOperands } from "./broadcast.ts";
import { lowerIndex } from "./indexing.ts";
import { lowerMatmul } from "./matmul.ts";
import { lowerPath } from "./paths.ts";
import type { Scope } from "./scope.ts";
import { BUILTINS } from "./builtins/table.ts";
import { INITIALIZERS } from "@nnc/ops";
import { MAX_LOWER_DEPTH } from "./limits.ts";
import { lowerTraining } from "./training.ts";
import { reportTupleMisuse } from "./tuples.ts";
import { didYouMean, unknownFunctionHelp } from "./suggest.ts";
import { asDim, asNumber, num, POISON, type Spanned, type Value } from "./values.ts";

/**
 * Lowers `e`; `bindName` is the binding it is the whole value of (names a directly bound block call).
 * Recursion is one level per sub-expression; the levels open at once, across inlined block bodies,
 * are bounded by MAX_LOWER_DEPTH (E0317, reported once per model).
 */
export function lowerExpr(scope: Scope, e: Expr, bindName?: string): Value {
  const ctx = scope.ctx;
  if (ctx.depth >= MAX_LOWER_DEPTH) {
    if (!ctx.depthReported) {
      ctx.depthReported = true;
      ctx.report("E0317", `expression nested more than ${MAX_LOWER_DEPTH} levels deep, counting the block bodies it inlines`, e.span, {
        label: `level ${MAX_LOWER_DEPTH + 1} starts here`,
        help: "split the deep expressions into named bindings, inside the blocks or around their calls",
      });
    }
    return POISON;
  }
  ctx.depth++;
  try {
    return lowerAt(scope, e, bindName);
  } finally {
    ctx.depth--;
  }
}

function lowerAt(scope: Scope, e: Expr, bindName?: string): Value {
  switch (e.kind) {
    case "Number":
      if (!Number.isFinite(e.value)) {
        scope.ctx.report("E0204", `the number \`${e.raw}\` is too large to represent`, e.span, { label: "not a finite number", notes: ["numbers must be finite 64-bit floats (at most about 1.8e308)"] });
        return POISON;
      }
      return num(e.value);
    case "String":
      return { kind: "string", value: e.value };
    case "Name":
      return lowerName(scope, e);
    case "List":
      return { kind: "list", items: e.elements.map((x) => ({ value: lowerExpr(scope, x), span: x.span })) };
    case "Unary":
      return lowerNeg(scope, e);
    case "Binary":
      return lowerBinary(scope, e);
    case "Call":
      return lowerCall(scope, e, bindName);
    case "Index":
      return lowerIndex(scope.ctx, e, (x) => lowerExpr(scope, x));
    case "Tuple":
      return { kind: "tuple", items: e.elements.map((x) => ({ value: lowerExpr(scope, x), span: x.span })) };
    case "Path":
      return lowerPath(scope, e, () => undefinedName(scope, e.head));
  }
}

function lowerName(scope: Scope, e: NameRef): Value {
  const ctx = scope.ctx;
  const v = scope.lookup(e.name, e.span);
  if (v !== undefined) return v;
  const d = scope.dims.get(e.name);
  if (d !== undefined) return isConcrete(d) ? num(d) : { kind: "dim", dim: d };
  if (e.name === "true" || e.name === "false") return { kind: "bool", value: e.name === "true" };
  if (e.name === "training") return lowerTraining(scope, e.span);
  if (BUILTINS.has(e.name) || ctx.blockNamed(e.name) !== undefined || Object.hasOwn(INITIALIZERS, e.name)) {
    ctx.report("E0114", `\`${e.name}\` is a function, not a value`, e.span, { label: "a function", help: `call it: \`${e.name}(...)\`` });
    return POISON;
  }
  return undefinedName(scope, e);
}

/** E0101 for a name (or a path's head) defined nowhere, with a near name when there is one. */
function undefinedName(scope: Scope, e: NameRef | PathExpr["head"]): Value {
  const near = didYouMean(e.name, scope.names()) ?? didYouMean(e.name, scope.dims.keys());
  scope.ctx.report("E0101", `undefined name \`${e.name}\``, e.span, { label: "not defined here", ...(near === undefined ? {} : { help: near }) });
  return POISON;
}

function lowerNeg(scope: Scope, e: UnaryExpr): Value {
  const v = lowerExpr(scope, e.operand);
  switch (v.kind) {
    case "number":
      return num(-v.value);
    case "dim":
      return { kind: "dim", dim: dimMul(-1, v.dim) };
    case "tensor":
      if (v.type.dtype === "bool") {
        scope.ctx.report("E0201", "cannot negate a bool tensor", e.span, { label: `this is ${v.type.dtype}` });
        return POISON;
      }
      return scope.ctx.op("neg", [v], {}, e.span);
    case "poison":
      return POISON;
    case "tuple":
      reportTupleMisuse(scope.ctx, v, e.operand.span, "a number or a tensor");
      return POISON;
    default:
      scope.ctx.report("E0203", "`-` needs a number or a tensor", e.operand.span, { label: "cannot be negated" });
      return POISON;
  }
}

const ELEMENTWISE: Readonly<Record<string, string>> = {
  "+": "add", "-": "sub", "*": "mul", "/": "div", "^": "pow",
  "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne",
};

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  "<": (a, b) => a < b, "<=": (a, b) => a <= b, ">": (a, b) => a > b,
  ">=": (a, b) => a >= b, "==": (a, b) => a === b, "!=": (a, b) => a !== b,
};

function foldNumbers(op: string, a: number, b: number): Value {
  const cmp = COMPARE[op];
  if (cmp !== undefined) return { kind: "bool", value: cmp(a, b) };
  if (op === "+") return num(a + b);
  if (op === "-") return num(a - b);
  if (op === "*") return num(a * b);
  if (op === "/") return num(a / b);
  return num(a ** b);
}

function foldDims(op: string, a: Dim, b: Dim): Value | undefined {
  const d = op === "+" ? dimAdd(a, b) : op === "-" ? dimSub(a, b) : op === "*" ? dimMul(a, b) : undefined;
  if (d === undefined) return undefined;
  return isConcrete(d) ? num(d) : { kind: "dim", dim: d };
}

/** Left-nested chains (`a + b + c + …`) are walked iteratively, so their length is not bounded by the stack. */
function lowerBinary(scope: Scope, e: BinaryExpr): Value {
  const spine: BinaryExpr[] = [];
  let cur: Expr = e;
  while (cur.kind === "Binary") {
    spine.push(cur);
    cur = cur.left;
  }
  let acc = lowerExpr(scope, cur);
  for (let i = spine.length - 1; i >= 0; i--) {
    const b = spine[i]!;
    acc = combine(scope, b, acc, lowerExpr(scope, b.right));
  }
  return acc;
}

function combine(scope: Scope, e: BinaryExpr, left: Value, right: Value): Value {
  const ctx = scope.ctx;
  const l: Spanned = { value: left, span: e.left.span };
  const r: Spanned = { value: right, span: e.right.span };
  if (l.value.kind === "poison" || r.value.kind === "poison") return POISON;
  if (e.op === "@") return lowerMatmul(ctx, l, r, { span: e.span, opSpan: e.opSpan });
  const an = asNumber(l.value);
  const bn = asNumber(r.value);
  if (an !== undefined && bn !== undefined) {
    const v = foldNumbers(e.op, an, bn);
    if (v.kind === "number" && !Number.isFinite(v.value)) {
      ctx.report("E0204", `\`${ctx.text(e.span)}\` is not a finite number`, e.span, { label: `this is ${v.value}` });
      return POISON;
    }
    return v;
  }
  const ad = asDim(l.value);
  const bd = asDim(r.value);
  if (ad !== undefined && bd !== undefined) {
    const v = foldDims(e.op, ad, bd);
    if (v !== undefined) return v;
  }
  for (const o of [l, r]) {
    const v = o.value;
    const ok = v.kind === "tensor" || v.kind === "number" || v.kind === "dim";
    if (v.kind === "tuple") {
      reportTupleMisuse(ctx, v, o.span, `a number or a tensor (an operand of \`${e.op}\`)`);
      return POISON;
    }
    if (!ok) {
      ctx.report("E0203", `\`${e.op}\` needs numbers or tensors, but this is ${v.kind === "list" ? "a list" : `a ${v.kind}`}`, o.span, { label: "not a number or tensor" });
      return POISON;
    }
    if (v.kind === "tensor" && v.type.dtype === "bool" && COMPARE[e.op] === undefined) {
      ctx.report("E0201", `\`${e.op}\` is not defined on bool tensors`, e.opSpan, { labels: [{ span: o.span, message: "this is bool" }] });
      return POISON;
    }
  }
  const ops = alignOperands(ctx, [l, r], e.opSpan, { what: `\`${e.op}\`` });
  if (ops === undefined) return POISON;
  return ctx.op(ELEMENTWISE[e.op] ?? "add", ops, {}, e.span);
}

export function evalArgs(scope: Scope, call: CallExpr): CallArgs {
  return {
    positional: call.args.map((a) => ({ value: lowerExpr(scope, a), span: a.span })),
    named: call.named.map((n) => ({ name: n.name.name, nameSpan: n.name.span, value: { value: lowerExpr(scope, n.value), span: n.value.span } })),
  };
}

export function lowerCall(scope: Scope, call: CallExpr, bindName?: string): Value {
  const ctx = scope.ctx;
  const name = call.callee.name;
  const block = ctx.blockNamed(name);
  const builtin = BUILTINS.get(name);
  const special = block === undefined ? specialForm(name) : undefined;
  if (special !== undefined) return special(scope, call, bindName);
  const args = evalArgs(scope, call);
  if (block !== undefined) return lowerBlock(scope, call, block, args, bindName);
  if (builtin !== undefined) {
    const bound = bindArgs(ctx, name, builtin.params, call, args);
    if (bound === undefined) return POISON;
    return builtin.lower({ ctx, scope, call, args: new Args(bound), span: call.span });
  }
  if (Object.hasOwn(INITIALIZERS, name)) {
    ctx.report("E0104", `\`${name}\` is an initializer, not a function`, call.callee.span, {
      label: "only allowed after `param NAME: T =`",
      help: `write \`param NAME: T = ${name}(...)\` to create an initialized parameter`,
    });
    return POISON;
  }
  const near = unknownFunctionHelp(name, [...BUILTINS.keys(), ...ctx.blockNames(), ...specialFormNames()]);
  ctx.report("E0104", `unknown function \`${name}\``, call.callee.span, {
    label: "not a built-in function or a block",
    ...(near === undefined ? {} : { help: near }),
  });
  return POISON;
}
