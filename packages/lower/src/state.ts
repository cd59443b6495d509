/**
 * Non-trainable state: `buffer` declarations (a `buffer` source node with an initializer), `next`
 * statements (graph updates applied after each training step, never differentiated) and the built-in
 * name `training` (a `training` source node: a bool scalar, true only in training steps).
 *
 * Invariants: a buffer node's id is the body's param prefix + its name (`bn1.mean_run`), like a param;
 * every update's value has exactly its buffer's type; a buffer has at most one update; a model graph
 * has at most one `training` node.
 */
import type { Span } from "@nnc/diagnostics";
import { typesEqual, typeToString, type ParamInit, type TensorType } from "@nnc/ir";
import type { BufferStmt, NextStmt } from "@nnc/syntax";
import { lowerExpr } from "./expr.ts";
import { lowerInit } from "./initializers.ts";
import { fixedStateType, type FixedSizeRule } from "./body-params.ts";
import type { Scope } from "./scope.ts";
import { didYouMean } from "./suggest.ts";
import { asNumber, describe, POISON, type TensorValue, type Value } from "./values.ts";

export { lowerTraining } from "./training.ts";

interface BufferEntry {
  readonly value: TensorValue;
  /** Reused from an earlier application of a `scan` cell (ctx.reuseParams): a `next` here would run per step. */
  readonly shared: boolean;
  /** The `next` statement already recorded for it. */
  next?: Span;
}

/** The buffers each body declared, by name (a body's scope object is its identity). */
const buffersOf = new WeakMap<Scope, Map<string, BufferEntry>>();

/** The prefix of params (and buffers) declared in `scope` (a scan step's differs from its value prefix). */
function paramPrefix(scope: Scope): string {
  const p = (scope as { readonly paramPrefix?: unknown }).paramPrefix;
  return typeof p === "string" ? p : scope.prefix;
}

const EXACT_KINDS = new Set(["zeros", "ones", "constant", "values"]);

/** Integer and bool buffers start from whole numbers (bool: 0 or 1); undefined when `init` fits. */
function initProblem(init: ParamInit, type: TensorType): string | undefined {
  if (type.dtype !== "i32" && type.dtype !== "bool") return undefined;
  if (!EXACT_KINDS.has(init.kind)) return `\`${init.kind}\` draws fractional values, but the buffer is ${type.dtype}`;
  const values = init.kind === "constant" ? [init.value] : init.kind === "values" ? init.values : [];
  const ok = type.dtype === "i32" ? Number.isInteger : (v: number): boolean => v === 0 || v === 1;
  const bad = values.find((v) => !ok(v));
  return bad === undefined ? undefined : `${bad} is not ${type.dtype === "i32" ? "a whole number" : "0 or 1"}, but the buffer is ${type.dtype}`;
}

const BUFFER_RULE: FixedSizeRule = {
  code: "E0340",
  what: "buffer",
  note: "a buffer is created once with a fixed size and saved in checkpoints; symbolic dims like the batch size belong to inputs",
  help: "use whole numbers for every dimension of a buffer, e.g. per-feature statistics reduced over the batch axis",
};

/** Creates the `buffer` node of `stmt` (named prefix + name) with its initializer (default zeros at any rank). */
export function lowerBuffer(scope: Scope, stmt: BufferStmt): Value {
  const ctx = scope.ctx;
  const type = fixedStateType(scope, stmt, BUFFER_RULE);
  if (type === undefined) return POISON;
  const full = paramPrefix(scope) + stmt.name.name;
  const shared = ctx.reuseParams?.get(full);
  if (shared !== undefined) {
    if (shared.kind === "tensor") remember(scope, stmt.name.name, { value: shared, shared: true });
    return shared;
  }
  const init: ParamInit | undefined = stmt.init === null ? { kind: "zeros" } : lowerInit(scope, { ...stmt, kind: "Param" }, type);
  if (init === undefined) return POISON;
  const problem = initProblem(init, type);
  if (problem !== undefined) {
    ctx.report("E0341", `the initializer of buffer \`${stmt.name.name}\` does not fit its type ${typeToString(type)}: ${problem}`, stmt.init?.span ?? stmt.span, {
      label: `not ${type.dtype} values`,
      help: type.dtype === "bool" ? "use `zeros()`, `ones()` or `values([...])` with 0 and 1" : "use `zeros()`, `ones()`, `constant(v)` or `values([...])` with whole numbers, or declare the buffer f32",
    });
    return POISON;
  }
  // Shared by the steps of a scan (reuseParams set): no step annotation, like the cell's params.
  const make = (): TensorValue => ctx.source("buffer", { dtype: type.dtype, shape: type.shape }, type, stmt.span, full);
  const v = ctx.reuseParams === null ? make() : ctx.b.withProvenance({}, make);
  ctx.b.setInit(v.id, init);
  ctx.reuseParams?.set(full, v);
  remember(scope, stmt.name.name, { value: v, shared: false });
  return v;
}

function remember(scope: Scope, name: string, entry: BufferEntry): void {
  const m = buffersOf.get(scope) ?? new Map<string, BufferEntry>();
  buffersOf.set(scope, m);
  m.set(name, entry);
}

/** Lowers a `next` statement of the body `scope` (after its bindings) and records the update. */
export function lowerNext(scope: Scope, stmt: NextStmt): void {
  const ctx = scope.ctx;
  const name = stmt.name.name;
  const entry = buffersOf.get(scope)?.get(name);
  if (entry === undefined) {
    notABuffer(scope, stmt);
    return;
  }
  if (entry.shared) {
    ctx.report("E0129", `\`next ${name}\` is inside a block applied by \`scan\`: it would run once per step`, stmt.span, {
      label: "runs at every step of the scan",
      notes: ["a scanned cell shares its parameters and buffers across steps; its buffers are constants of the step"],
      help: "update the statistic outside the scan, from the states it returns",
    });
    return;
  }
  if (entry.next !== undefined) {
    ctx.report("E0127", `buffer \`${name}\` is given two \`next\` values`, stmt.name.span, {
      label: "second `next`",
      labels: [{ span: entry.next, message: "first `next` here" }],
      notes: ["a buffer takes exactly one new value after a training step"],
      help: "combine them into one expression",
    });
    return;
  }
  entry.next = stmt.name.span;
  const want = entry.value.type;
  const v = lowerExpr(scope, stmt.value);
  if (v.kind === "poison") return;
  const n = v.kind === "bool" ? (v.value ? 1 : 0) : asNumber(v);
  let value: TensorValue;
  if (n !== undefined) value = ctx.constant(n, want, stmt.value.span);
  else if (v.kind === "tensor" && typesEqual(v.type, want)) value = v;
  else {
    const got = v.kind === "tensor" ? typeToString(v.type) : describe(v);
    ctx.report("E0342", `the value of \`next ${name}\` is ${got}, but buffer \`${name}\` is ${typeToString(want)}`, stmt.value.span, {
      label: `this is ${got}`,
      labels: [{ span: ctx.b.get(entry.value.id).span ?? stmt.name.span, message: `declared ${typeToString(want)} here` }],
      ...(v.kind === "tensor" ? { help: fitHelp(v.type, want) } : {}),
    });
    return;
  }
  ctx.b.addUpdate({ buffer: entry.value.id, value: value.id });
}

function fitHelp(got: TensorType, want: TensorType): string {
  if (got.dtype !== want.dtype) return `the element types differ (${got.dtype} vs ${want.dtype}): compute the value in ${want.dtype}`;
  if (got.shape.length === want.shape.length + 1) return "reduce the extra axis, e.g. `mean(…, axis = 0)` over the batch";
  return `reshape or reduce the value to ${typeToString(want)}`;
}

/** E0125 (a parameter) or E0126 (anything else) for `next NAME` where NAME is no buffer of this body. */
function notABuffer(scope: Scope, stmt: NextStmt): void {
  const ctx = scope.ctx;
  const name = stmt.name.name;
  const v = scope.lookup(name, stmt.name.span);
  if (v?.kind === "poison") return; // its declaration's error is already reported
  const op = v?.kind === "tensor" && ctx.b.has(v.id) ? ctx.b.get(v.id).op : undefined;
  if (op === "param") {
    ctx.report("E0125", `\`next ${name}\`: \`${name}\` is a parameter, not a buffer`, stmt.name.span, {
      label: "a parameter",
      labels: [{ span: ctx.b.get((v as TensorValue).id).span ?? stmt.name.span, message: "declared with `param` here" }],
      notes: ["a parameter is trained by its gradient; use a buffer for running statistics"],
      help: `declare it \`buffer ${name}: … = zeros()\` to give it a value after each training step`,
    });
    return;
  }
  const buffers = [...(buffersOf.get(scope)?.keys() ?? [])];
  const near = didYouMean(name, buffers);
  const what =
    v === undefined
      ? `this body has no buffer named \`${name}\``
      : op === "input"
        ? `\`${name}\` is an input, not a buffer`
        : op === "buffer"
          ? `\`${name}\` is a buffer of another body (passed as an argument): only the body that declares a buffer updates it`
          : `\`${name}\` is a binding or an argument, not a buffer`;
  ctx.report("E0126", `\`next ${name}\`: ${what}`, stmt.name.span, {
    label: "not a buffer",
    notes: [buffers.length === 0 ? "this body declares no buffer: `buffer NAME: T = zeros()`" : `the buffers of this body are ${buffers.map((b) => `\`${b}\``).join(", ")}`],
    ...(near === undefined ? {} : { help: near }),
  });
}
