/**
 * View kernels: the output read through the operand's access with changed strides, never copied
 * for an elementwise consumer. broadcast: stride 0 on new and stretched axes; transpose: permuted
 * strides; slice: the same strides from an offset; reshape: only of contiguous data (an alias).
 */
import { dimAdd, dimEquals, dimMul, type Dim, type Node } from "@nnc/ir";
import { contiguousStrides } from "../dims.ts";
import type { ArrayAccess, ViewKernel } from "../kernel-types.ts";

function ints(node: Node, name: string): number[] {
  const v = node.attrs[name];
  if (!Array.isArray(v)) throw new Error(`codegen: ${node.op} ${node.id} lacks attribute ${name}`);
  return v.map((x) => (typeof x === "number" ? x : Number.NaN));
}

function isContiguous(a: ArrayAccess, shape: readonly Dim[]): boolean {
  const c = contiguousStrides(shape);
  return dimEquals(a.offset, 0) && shape.every((d, k) => d === 1 || dimEquals(a.strides[k]!, c[k]!));
}

export const VIEW_KERNELS = {
  broadcast: {
    kind: "view",
    view: (src, node, input) => {
      const out = node.type.shape;
      const lead = out.length - input.type.shape.length;
      const strides = out.map((d, k) => {
        if (k < lead) return 0;
        const from = input.type.shape[k - lead]!;
        return from === 1 && !dimEquals(d, 1) ? 0 : src.strides[k - lead]!;
      });
      return { array: src.array, offset: src.offset, strides };
    },
  },
  transpose: {
    kind: "view",
    view: (src, node) => ({ array: src.array, offset: src.offset, strides: ints(node, "perm").map((p) => src.strides[p]!) }),
  },
  slice: {
    kind: "view",
    view: (src, node) => {
      const axis = node.attrs["axis"];
      const start = node.attrs["start"];
      if (typeof axis !== "number" || start === undefined || typeof start === "string" || typeof start === "boolean" || Array.isArray(start)) {
        throw new Error(`codegen: slice ${node.id} has malformed attributes`);
      }
      return { array: src.array, offset: dimAdd(src.offset, dimMul(start as Dim, src.strides[axis]!)), strides: src.strides };
    },
  },
  reshape: {
    kind: "view",
    view: (src, node, input) => (isContiguous(src, input.type.shape) ? { array: src.array, offset: 0, strides: contiguousStrides(node.type.shape) } : null),
  },
} satisfies Record<string, ViewKernel>;
