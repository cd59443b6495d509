/**
 * The PyEmit the op rules write with, for one generated module: dims are the forward's local dim
 * variables, floats are the module's dtype (`self.dtype`, the dtype it was built or `.to()`-ed with),
 * integers are int64 (torch's index type; nnc's i32 values are exact in it), bools torch.bool.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Dim, TensorType } from "@nnc/ir";
import type { PyEmit } from "../contract.ts";
import { pyInt, pyNum, pyStr } from "../py-text.ts";
import { isHelperName, type PyHelperName } from "./py-helpers.ts";

export interface ModuleEmit extends PyEmit {
  /** Helpers asked for so far, in first-use order. */
  readonly helpersUsed: ReadonlySet<PyHelperName>;
}

/** `dimVar` maps a symbolic dim's name to its Python variable. */
export function moduleEmit(dimVar: (name: string) => string): ModuleEmit {
  const helpersUsed = new Set<PyHelperName>();
  const dim = (d: Dim): string => {
    if (typeof d === "number") return pyInt(d);
    const terms = d.terms.map((t) => {
      const factors = [...(t.coef === 1 && t.syms.length > 0 ? [] : [pyInt(t.coef)]), ...t.syms.map(dimVar)];
      return factors.join(" * ");
    });
    return terms.length === 1 ? terms[0]! : `(${terms.join(" + ")})`;
  };
  return {
    helpersUsed,
    dim,
    shape: (dims) => (dims.length === 1 ? `(${dim(dims[0]!)},)` : `(${dims.map(dim).join(", ")})`),
    num: pyNum,
    str: pyStr,
    dtypeOf: (t: TensorType) => (t.dtype === "bool" ? "torch.bool" : t.dtype === "i32" ? "torch.int64" : "self.dtype"),
    helper: (name) => {
      if (!isHelperName(name)) throw new InternalCompilerError(`no Python helper '${name}'`);
      helpersUsed.add(name);
      return `_nnc_${name}`;
    },
  };
}
