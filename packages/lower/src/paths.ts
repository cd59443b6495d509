/**
 * Parameter paths `h1.W`, `y.0.attn.Wq`: the `param` (or `buffer`) node created by the block call bound
 * to the head, named `<prefix><head>.<segments joined by .>` — the names `nnc check` prints. The head
 * binding is forced first (a path may come before the call in source order, or in the train section).
 */
import type { Node } from "@nnc/ir";
import type { PathExpr } from "@nnc/syntax";
import type { Scope } from "./scope.ts";
import { didYouMean } from "./suggest.ts";
import { describe, POISON, tensor, type Value } from "./values.ts";

const STATE_OPS: ReadonlySet<string> = new Set(["param", "buffer"]);

/** How many existing paths an unknown-path error lists. */
const LISTED = 6;

/** The text of a path as written, without spaces: `y.0.attn.Wq`. */
export function pathText(e: PathExpr): string {
  return [e.head.name, ...e.segments.map((s) => s.name)].join(".");
}

/** Lowers `e`; `undefinedName` reports a head that names nothing (the caller's E0101, with its suggestions). */
export function lowerPath(scope: Scope, e: PathExpr, undefinedName: () => Value): Value {
  const ctx = scope.ctx;
  const head = scope.lookup(e.head.name, e.head.span);
  if (head === undefined) return undefinedName();
  if (head.kind === "poison") return POISON;
  const prefix = scope.paramPrefix ?? scope.prefix;
  const want = pathText(e);
  const full = prefix + want;
  if (ctx.b.has(full)) {
    const n = ctx.b.get(full);
    if (STATE_OPS.has(n.op)) return tensor(n.id, n.type);
  }
  const under = ctx.b
    .all()
    .filter((n: Node) => STATE_OPS.has(n.op) && n.id.startsWith(`${prefix}${e.head.name}.`))
    .map((n) => n.id.slice(prefix.length));
  if (under.length === 0) {
    ctx.report("E0117", `\`${e.head.name}\` has no parameters: it is ${describe(head)}, not the result of a block call`, e.head.span, {
      label: "not bound to a block call",
      notes: ["a parameter path `h1.W` starts with the name of a binding whose value is a block call (or `scan` / `repeat`)"],
      help: `name the parameter directly, or bind the block call whose parameter you mean: \`h1 = block(...)\`, then \`h1.W\``,
    });
    return POISON;
  }
  const near = didYouMean(want, under);
  const reps = repetitions(e, under);
  const shown = under.slice(0, LISTED).map((p) => `\`${p}\``).join(", ") + (under.length > LISTED ? `, … (${under.length} in all)` : "");
  ctx.report("E0116", `\`${want}\` is not a parameter of the block call \`${e.head.name}\``, e.span, {
    label: "no such parameter",
    notes: [`the parameters under \`${e.head.name}\` are ${shown}`, ...reps],
    help: near ?? "use one of the paths listed (the names `nnc check` prints)",
  });
  return POISON;
}

/** A note when the path's first segment is a repetition number the `repeat` bound to the head does not have. */
function repetitions(e: PathExpr, under: readonly string[]): string[] {
  const first = e.segments[0]?.name ?? "";
  if (!/^\d+$/.test(first)) return [];
  const numbers = new Set(under.map((p) => p.split(".")[1] ?? "").filter((s) => /^\d+$/.test(s)));
  if (numbers.size === 0 || numbers.has(first)) return [];
  return [`\`${e.head.name}\` has ${numbers.size} repetition${numbers.size === 1 ? "" : "s"}, numbered 0 to ${numbers.size - 1}`];
}
