/**
 * A training setting written as a call (`adam(lr = 0.01)`, `cosine(warmup = 100)`, `global_norm(1.0)`,
 * `top_k(5)`) checked against its table in @nnc/ops: the name (did-you-mean), the arguments by position
 * and name (did-you-mean), each value's kind and range, required ones, and the record's cross-argument
 * check. Every problem is a diagnostic with the table's code; the result has every argument filled in.
 */
import type { DiagnosticCode, Span } from "@nnc/diagnostics";
import { signatureText, type ArgDef, type SettingDef } from "@nnc/ops";
import type { SettingValue } from "@nnc/runtime/core";
import type { CallExpr, Expr } from "@nnc/syntax";
import { evalArgs } from "./expr.ts";
import { ConstScope } from "./const-scope.ts";
import type { LowerCtx } from "./context.ts";
import { didYouMean } from "./suggest.ts";
import { asNumber, describe, type Value } from "./values.ts";

export interface SettingTable<K extends string> {
  /** The diagnostic code of every problem with this kind of setting. */
  readonly code: DiagnosticCode;
  /** "optimizer", "schedule", … for messages. */
  readonly what: string;
  readonly defs: Readonly<Record<K, SettingDef<K>>>;
  /** A bare name (`accuracy`) means the call with defaults; otherwise it asks for the call. */
  readonly bareIsCall: boolean;
  /** Arguments a record accepts beyond its own (decay_all of optimizers with weight decay). */
  readonly extra?: (def: SettingDef<K>) => readonly ArgDef[];
}

export interface CheckedSetting<K extends string> {
  readonly kind: K;
  readonly args: Record<string, SettingValue>;
  /** Where each argument given in the source was written. */
  readonly spans: ReadonlyMap<string, Span>;
  readonly span: Span;
}

const KIND_TEXT: Readonly<Record<ArgDef["kind"], string>> = { number: "a number", int: "a whole number", bool: "`true` or `false`" };

function isKind<K extends string>(t: SettingTable<K>, name: string): name is K {
  return Object.hasOwn(t.defs, name);
}

function kindList<K extends string>(t: SettingTable<K>): string {
  return Object.keys(t.defs).map((k) => `\`${k}\``).join(", ");
}

/** "an optimizer", "a schedule". */
function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

/** The value of `v` for `arg`, or undefined after reporting (silently for poison). */
function argValue<K extends string>(ctx: LowerCtx, t: SettingTable<K>, kind: K, arg: ArgDef, v: Value, span: Span): SettingValue | undefined {
  if (v.kind === "poison") return undefined;
  const n = asNumber(v);
  const fits = arg.kind === "bool" ? v.kind === "bool" : n !== undefined && Number.isFinite(n) && (arg.kind === "number" || Number.isInteger(n));
  if (!fits) {
    ctx.report(t.code, `argument \`${arg.name}\` of \`${kind}\` must be ${KIND_TEXT[arg.kind]}, but this is ${describe(v)}`, span, { label: `expected ${KIND_TEXT[arg.kind]}` });
    return undefined;
  }
  if (v.kind === "bool") return v.value;
  if (n === undefined) return undefined;
  if (arg.range !== undefined && !arg.range[0](n)) {
    ctx.report(t.code, `\`${arg.name}\` of \`${kind}\` must be ${arg.range[1]}, got ${n}`, span, { label: "out of range", notes: [`\`${arg.name}\`: ${arg.doc}`] });
    return undefined;
  }
  return n;
}

/** The arguments of `call` bound to `def` (and the extra arguments), or undefined after reporting. */
function bindSetting<K extends string>(ctx: LowerCtx, t: SettingTable<K>, def: SettingDef<K>, call: CallExpr): CheckedSetting<K> | undefined {
  const all = [...def.args, ...(t.extra?.(def) ?? [])];
  const sig = signatureText({ ...def, args: all });
  const given = evalArgs(new ConstScope(ctx), call);
  const out: Record<string, SettingValue> = {};
  const spans = new Map<string, Span>();
  let ok = true;
  const take = (arg: ArgDef, v: Value, span: Span, nameSpan: Span): void => {
    const first = spans.get(arg.name);
    if (first !== undefined) {
      ctx.report("E0107", `argument \`${arg.name}\` of \`${def.kind}\` is given twice`, nameSpan, { label: "given again here", labels: [{ span: first, message: "first given here" }] });
      ok = false;
      return;
    }
    spans.set(arg.name, span);
    const value = argValue(ctx, t, def.kind, arg, v, span);
    if (value === undefined) ok = false;
    else out[arg.name] = value;
  };
  for (const [i, a] of given.positional.entries()) {
    const arg = all.find((x) => x.name === def.positional[i]);
    if (arg === undefined) {
      const takes = def.positional.length === 0 ? "no positional arguments" : `at most ${def.positional.length} positional argument${def.positional.length === 1 ? "" : "s"} (${def.positional.join(", ")})`;
      ctx.report(t.code, `\`${def.kind}\` takes ${takes}, but ${given.positional.length} were given`, a.span, { label: "unexpected argument", notes: [`the signature is \`${sig}\``], help: "name the argument: `name = value`" });
      ok = false;
      break;
    }
    take(arg, a.value, a.span, a.span);
  }
  for (const n of given.named) {
    const arg = all.find((x) => x.name === n.name);
    if (arg === undefined) {
      const near = didYouMean(n.name, all.map((x) => x.name));
      ctx.report(t.code, `\`${def.kind}\` has no argument \`${n.name}\``, n.nameSpan, {
        label: "unknown argument",
        notes: [all.length === 0 ? `\`${def.kind}\` takes no arguments` : `the signature is \`${sig}\``],
        ...(near === undefined ? {} : { help: near }),
      });
      ok = false;
      continue;
    }
    take(arg, n.value.value, n.value.span, n.nameSpan);
  }
  if (!ok) return undefined;
  for (const a of all) {
    if (spans.has(a.name)) continue;
    if (a.default !== undefined) out[a.name] = a.default;
    else {
      ctx.report(t.code, `\`${def.kind}\` needs \`${a.name}\``, call.span, { label: `\`${a.name}\` is missing`, notes: [`the signature is \`${sig}\``], help: `e.g. \`${def.example}\`` });
      ok = false;
    }
  }
  if (!ok) return undefined;
  const problem = def.validate?.(out);
  if (problem !== undefined) {
    ctx.report(t.code, problem.message, spans.get(problem.arg) ?? call.span, { label: "not valid here" });
    return undefined;
  }
  return { kind: def.kind, args: out, spans, span: call.span };
}

/** `e` checked as a setting of table `t`; undefined after reporting. */
export function checkSettingCall<K extends string>(ctx: LowerCtx, t: SettingTable<K>, e: Expr): CheckedSetting<K> | undefined {
  const name = e.kind === "Call" ? e.callee.name : e.kind === "Name" ? e.name : undefined;
  if (name !== undefined && isKind(t, name)) {
    const def = t.defs[name];
    if (e.kind === "Call") return bindSetting(ctx, t, def, e);
    const call: CallExpr = { kind: "Call", callee: { kind: "Ident", name, span: e.span }, args: [], named: [], piped: false, span: e.span };
    if (t.bareIsCall) return bindSetting(ctx, t, def, call);
    const needs = def.args.find((a) => a.default === undefined);
    ctx.report(t.code, `\`${name}\` is ${article(t.what)}: call it`, e.span, {
      label: `not ${article(t.what)} call`,
      help: needs === undefined ? `write \`${name}()\` (or set its arguments: \`${def.example}\`)` : `write \`${def.example}\`: ${name} needs \`${needs.name}\``,
    });
    return undefined;
  }
  const near = name === undefined ? undefined : didYouMean(name, Object.keys(t.defs));
  const span = e.kind === "Call" ? e.callee.span : e.span;
  ctx.report(t.code, name === undefined ? `the ${t.what} must be a call such as \`${Object.values<SettingDef<K>>(t.defs)[0]?.example ?? ""}\`` : `unknown ${t.what} \`${name}\``, span, {
    label: `not ${article(t.what)}`,
    notes: [`the ${t.what} kinds are ${kindList(t)}; \`nnc explain ${t.code}\` and docs/training.md give their arguments`],
    ...(near === undefined ? {} : { help: near }),
  });
  return undefined;
}
