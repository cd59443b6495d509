/** Typed access to arguments whose kinds `bindArgs` has already checked. */
import { InternalCompilerError, type Span } from "@nnc/diagnostics";
import type { Dim } from "@nnc/ir";
import { asDim, asNumber, type Spanned, type TensorValue, type Value } from "../values.ts";

export class Args {
  constructor(private readonly bound: ReadonlyMap<string, Spanned>) {}

  has(name: string): boolean {
    return this.bound.has(name);
  }

  get(name: string): Spanned {
    const a = this.bound.get(name);
    if (a === undefined) throw new InternalCompilerError(`argument ${name} was not bound`);
    return a;
  }

  value(name: string): Value {
    return this.get(name).value;
  }

  span(name: string): Span {
    return this.get(name).span;
  }

  tensor(name: string): TensorValue {
    const v = this.value(name);
    if (v.kind !== "tensor") throw new InternalCompilerError(`argument ${name} is not a tensor`);
    return v;
  }

  number(name: string): number {
    const n = asNumber(this.value(name));
    if (n === undefined) throw new InternalCompilerError(`argument ${name} is not a number`);
    return n;
  }

  bool(name: string): boolean {
    const v = this.value(name);
    return v.kind === "bool" && v.value;
  }

  /** An `axes` argument as a list (an int becomes a one-element list); undefined when omitted. */
  axes(name: string): { axes: number[]; list: boolean } | undefined {
    const a = this.bound.get(name);
    if (a === undefined) return undefined;
    const v = a.value;
    if (v.kind === "list") return { axes: v.items.map((i) => asNumber(i.value) ?? 0), list: true };
    return { axes: [asNumber(v) ?? 0], list: false };
  }

  /** A `shape` argument: each element a dim (numbers may be −1). */
  dims(name: string): Dim[] {
    const v = this.value(name);
    if (v.kind !== "list") throw new InternalCompilerError(`argument ${name} is not a list`);
    return v.items.map((i) => asDim(i.value) ?? 0);
  }

  /** The elements of a `tensors` argument. */
  tensors(name: string): { value: TensorValue; span: Span }[] {
    const v = this.value(name);
    if (v.kind !== "list") throw new InternalCompilerError(`argument ${name} is not a list`);
    return v.items.map((i) => {
      if (i.value.kind !== "tensor") throw new InternalCompilerError(`argument ${name} holds a non-tensor`);
      return { value: i.value, span: i.span };
    });
  }
}
