/**
 * What an expression evaluates to during checking. Tensors are graph values; numbers, dims, bools,
 * strings and lists are compile-time constants (folded, never nodes until combined with a tensor).
 * `poison` stands for a value whose error was already reported: every consumer of a poisoned value
 * stays silent and yields poison, so each root cause is reported once.
 */
import type { Span } from "@nnc/diagnostics";
import { dimToString, isConcrete, typeToString, type Dim, type TensorType } from "@nnc/ir";

export interface TensorValue {
  readonly kind: "tensor";
  readonly id: string;
  readonly type: TensorType;
}

export type Value =
  | TensorValue
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "dim"; readonly dim: Dim }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "list"; readonly items: readonly Spanned[] }
  /** Several results (`split`, a block with several results, `scan` with a tuple state, a `Tuple` expression). */
  | { readonly kind: "tuple"; readonly items: readonly Spanned[] }
  | { readonly kind: "poison" };

export interface Spanned {
  readonly value: Value;
  readonly span: Span;
}

export const POISON: Value = { kind: "poison" };

export function num(value: number): Value {
  return { kind: "number", value };
}

export function tensor(id: string, type: TensorType): TensorValue {
  return { kind: "tensor", id, type };
}

/** A number, or a dim that is a concrete number; undefined otherwise. */
export function asNumber(v: Value): number | undefined {
  if (v.kind === "number") return v.value;
  if (v.kind === "dim" && isConcrete(v.dim)) return v.dim;
  return undefined;
}

/** A dim from a dim value or a whole number; undefined otherwise. */
export function asDim(v: Value): Dim | undefined {
  if (v.kind === "dim") return v.dim;
  if (v.kind === "number" && Number.isInteger(v.value)) return v.value;
  return undefined;
}

/** True when the value or any list or tuple element is poison. */
export function isPoisoned(v: Value): boolean {
  if (v.kind === "poison") return true;
  return (v.kind === "list" || v.kind === "tuple") && v.items.some((i) => isPoisoned(i.value));
}

/** "a tensor f32[B, 3]", "the number 3", … for messages. */
export function describe(v: Value): string {
  switch (v.kind) {
    case "tensor":
      return `a tensor ${typeToString(v.type)}`;
    case "number":
      return `the number ${v.value}`;
    case "dim":
      return `the dim ${dimToString(v.dim)}`;
    case "bool":
      return `the constant ${v.value}`;
    case "string":
      return `the string ${JSON.stringify(v.value)}`;
    case "list":
      return `a list of ${v.items.length} element${v.items.length === 1 ? "" : "s"}`;
    case "tuple":
      return `a tuple of ${v.items.length} values (${v.items.map((i) => (i.value.kind === "tensor" ? typeToString(i.value.type) : describe(i.value))).join(", ")})`;
    case "poison":
      return "an erroneous value";
  }
}
