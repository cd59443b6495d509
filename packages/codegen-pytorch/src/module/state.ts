/**
 * Parameters and buffers: registered under nested containers so that `state_dict()` keys are nnc's
 * ids verbatim (`W1`, `h1.W`, `y.0.attn.Wq`), and read as `self.h1.W` / `self.y[0].attn.Wq` where every
 * segment is a plain identifier that no nn.Module attribute shadows or a list index — through
 * `_nnc_state(self, "…")` otherwise.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { graphBuffers, graphParams, type Graph, type Node, type ParamInit } from "@nnc/ir";
import { defaultInit } from "@nnc/ops";
import type { PyEmit, PyUnsupportedOp } from "../contract.ts";
import { RESERVED } from "../py-text.ts";
import type { PyStateEntry } from "./types.ts";

/** nn.Module's attributes (torch 1.13 and later) and the generated class's own: attribute access would find these first. */
const MODULE_ATTRS = new Set(
  (
    "T_destination add_module apply bfloat16 buffers children cpu cuda double dump_patches eval extra_repr float forward " +
    "get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers named_children " +
    "named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook " +
    "register_forward_pre_hook register_full_backward_hook register_load_state_dict_post_hook register_module " +
    "register_parameter requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu " +
    "zero_grad compile mtia call_super_init register_state_dict_pre_hook register_state_dict_post_hook " +
    "register_load_state_dict_pre_hook dtype device reset_parameters forward_loss"
  ).split(" "),
);

function plainSegment(s: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(s) && !MODULE_ATTRS.has(s) && !RESERVED.has(s);
}

/** How methods read and replace the state tensors of one module. */
export interface StatePaths {
  /** The Python expression that reads the state tensor `id`. */
  ref(id: string): string;
  /** A statement that replaces buffer `id` by `value` (a new tensor, never an in-place write). */
  set(id: string, value: string): string;
}

/**
 * `self.h1.W`; `self.y[0].attn.Wq` where `y`'s children are exactly 0 … n−1 (the generated
 * `_nnc_add_state` makes such a container an nn.ModuleList: same state-dict keys, indexable);
 * `_nnc_state(self, "…")` for any other id.
 */
export function statePaths(ids: readonly string[], py: PyEmit): StatePaths {
  const children = new Map<string, Set<string>>();
  for (const id of ids) {
    const segs = id.split(".");
    for (let k = 1; k < segs.length; k++) {
      const parent = segs.slice(0, k).join(".");
      if (!children.has(parent)) children.set(parent, new Set());
      children.get(parent)!.add(segs[k]!);
    }
  }
  const isList = (parent: string): boolean => {
    const c = [...(children.get(parent) ?? [])];
    return c.length > 0 && c.every((s) => /^(0|[1-9][0-9]*)$/.test(s)) && c.every((s) => Number(s) < c.length);
  };
  const attrPath = (id: string): string | undefined => {
    const segs = id.split(".");
    let out = "self";
    for (const [k, seg] of segs.entries()) {
      const parent = segs.slice(0, k).join(".");
      if (k > 0 && k < segs.length - 1 && isList(parent)) out += `[${seg}]`;
      else if (plainSegment(seg)) out += `.${seg}`;
      else return undefined;
    }
    return out;
  };
  return {
    ref: (id) => attrPath(id) ?? `${py.helper("state")}(self, ${py.str(id)})`,
    set: (id, value) => {
      const path = attrPath(id);
      return path !== undefined ? `${path} = ${value}` : `${py.helper("set_buffer")}(self, ${py.str(id)}, ${value})`;
    },
  };
}

function concreteShape(n: Node): number[] | undefined {
  return n.type.shape.every((d): d is number => typeof d === "number") ? [...n.type.shape] : undefined;
}

/** Every param and buffer with its concrete shape and initializer; `bad` collects those with symbolic shapes. */
export function stateEntries(g: Graph, bad: (problem: Omit<PyUnsupportedOp, "op">) => void): PyStateEntry[] {
  const out: PyStateEntry[] = [];
  for (const n of [...graphParams(g), ...graphBuffers(g)]) {
    const shape = concreteShape(n);
    if (shape === undefined) {
      bad({ kind: "dim", node: n, reason: "a parameter or buffer with a symbolic shape has no fixed size to allocate" });
      continue;
    }
    // nn.Module.train() assigns `training` on every module, which a child or tensor of that name would refuse.
    if (n.id.split(".").includes("training")) {
      bad({ kind: "name", node: n, name: "training", reason: "torch.nn.Module reserves the name `training` (train() sets it on every module), so no parameter, buffer or block call can be named so" });
      continue;
    }
    const init: ParamInit = g.inits[n.id] ?? defaultInit(shape.length);
    if (n.op !== "param" && n.op !== "buffer") throw new InternalCompilerError(`not state: ${n.id}`);
    out.push({ id: n.id, kind: n.op, shape, dtype: n.type.dtype, init });
  }
  return out;
}
