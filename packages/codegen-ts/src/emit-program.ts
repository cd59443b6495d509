/**
 * One method body per phase (forward, loss tail, backward): array locals, then every statement in
 * graph order, each preceded by its comment and followed by its finiteness check (active only when
 * `firstNonFinite` re-runs the program).
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import { dimEquals, dimProduct, type Dim, type Node } from "@nnc/ir";
import { contiguousStrides, dimCode } from "./dims.ts";
import type { ArrayAccess, CallCtx, MapKernel } from "./kernel-types.ts";
import { columnAxes, isColumn, laneLoop, rowStart, sameAccess, type LaneOperand, type LaneShape } from "./lane-loop.ts";
import { LANE_MIN } from "./wasm/map-lanes.ts";
import { cutSteps, type FusedLaneSpec, type FusedLeaf, type LaneCode } from "./wasm/fused-lanes.ts";
import { coalesce, emitNest, type Axis, type InnerCarry, type LoopAccess } from "./loops.ts";
import { COPY_OUTER } from "./wasm/copy-lanes.ts";
import { TRANSPOSE_OUTER } from "./wasm/transpose-lanes.ts";
import { commentText, jsString, type NameTable } from "./names.ts";
import { groupOf, type ModePlan, type ValuePlan } from "./plan.ts";
import type { StoragePlan } from "./storage.ts";
import type { HelperName } from "./helpers/table.ts";

export interface EmitEnv {
  readonly plan: ModePlan;
  readonly storage: StoragePlan;
  readonly names: NameTable;
  readonly helper: (h: HelperName) => string;
  /** The comment of a node (its IR statement, rule and `.nn` line). */
  readonly describe: (n: Node) => string;
  /** Index of the value in the class's check table, for values checked for finiteness. */
  readonly checkIndex: ReadonlyMap<string, number>;
  /**
   * Adds a fused group's WebAssembly function to the class's kernel module (./wasm/fused-lanes.ts):
   * its export name and the expression of the class's kernel registry (by memory buffer).
   */
  readonly fusedKernel: (spec: FusedLaneSpec) => { readonly name: string; readonly registry: string };
}

const dim = (d: Dim): string => dimCode(d, "rows");

/** A fused group: inline members in evaluation order and the stored values they read. */
type Fused = { readonly members: readonly Node[]; readonly leaves: readonly string[] };
const SIMPLE = /^([A-Za-z_$][\w$]*|\d[\d.e+-]*|\(.*\))$/;
const paren = (s: string): string => (SIMPLE.test(s) ? s : `(${s})`);

/**
 * `carried`: scalar (mode "uniform") values of earlier phases, re-declared without comment or check
 * because a scalar lives in the method that computed it.
 */
export function emitProgram(env: EmitEnv, program: ReadonlySet<string>, carried: readonly string[] = []): string[] {
  const { plan, storage, names } = env;
  const val = (id: string): ValuePlan => plan.values.get(id)!;
  const local = (id: string): string => names.get(id);
  const carry = new Set(carried);
  const order = plan.order.filter((n) => program.has(n.id) || carry.has(n.id));

  const scalar = (id: string): string => {
    const v = val(id);
    if (v.kernel.kind === "uniform") return paren(v.kernel.scalar(v.node, dim));
    if (v.mode === "buffer") return `${local(id)}[0]`;
    if (v.kernel.kind === "view") return scalar(v.node.inputs[0]!);
    return local(id);
  };
  const mapExpr = (n: Node, args: readonly string[]): string => (val(n.id).kernel as MapKernel).expr(args, n, n.inputs.map((i) => val(i).node), env.helper);
  const nest = (shape: readonly Dim[], acc: readonly LoopAccess[], body: (idx: readonly string[], carried: boolean) => string[], carry?: InnerCarry): string[] => emitNest(shape, acc, body, dim, carry);

  /** Loops over `shape` evaluating root's fused group (or the part `only` of it); `final` writes the result. */
  const group = (root: Node, shape: readonly Dim[], extra: readonly ArrayAccess[], final: (args: readonly string[], idx: readonly string[], carried: boolean) => string[], only?: Fused, carry?: (leaves: number) => InnerCarry): string[] => {
    const { members, leaves } = only ?? groupOf(plan, root);
    const acc = leaves.map((l) => val(l).access!);
    return nest(shape, [...acc, ...extra], (idx, carried) => {
      const read = (id: string): string => {
        const v = val(id);
        if (v.uniform) return scalar(id);
        if (v.mode === "inline") return local(id);
        const k = leaves.indexOf(id);
        return `${local(acc[k]!.array)}[${idx[k]!}]`;
      };
      const lines = members.flatMap((m) => {
        const def = `const ${local(m.id)} = ${mapExpr(m, m.inputs.map(read))};`;
        const k = only === undefined ? undefined : env.checkIndex.get(m.id);
        return k === undefined ? [def] : [def, `if (${local(m.id)} - ${local(m.id)} !== 0 && (_bad < 0 || _bad > ${k})) _bad = ${k};`];
      });
      return [...lines, ...final(only === undefined ? root.inputs.map(read) : [], idx.slice(leaves.length), carried)];
    }, carry?.(leaves.length));
  };

  /**
   * `code` (root's loop), preceded in check mode by a loop that recomputes root's inline members and
   * stops at the first non-finite one in program order (the least check index). It runs before `code`
   * because `code` may overwrite its operands in place. Only members a checked member needs are
   * recomputed, so every local of the loop is read.
   */
  const verified = (root: Node, shape: readonly Dim[], code: string[]): string[] => {
    const all = groupOf(plan, root);
    const needed = new Set<string>();
    for (const m of [...all.members].reverse()) {
      if (env.checkIndex.has(m.id) || needed.has(m.id)) {
        needed.add(m.id);
        for (const i of m.inputs) needed.add(i);
      }
    }
    const members = all.members.filter((m) => needed.has(m.id));
    if (members.length === 0) return code;
    const only: Fused = { members, leaves: all.leaves.filter((l) => needed.has(l)) };
    const check = group(root, shape, [], () => [], only);
    return [`if (check) {`, ...indentLines([`let _bad = -1;`, ...check, `if (_bad >= 0) {`, `  this.found = _bad;`, `  return;`, `}`]), `}`, ...code];
  };

  // Array locals of every value (an earlier phase's too: this one may read them); unread ones are pruned.
  const out: string[] = [];
  for (const n of plan.order) {
    const s = storage.storageOf.get(n.id);
    if (s !== undefined) out.push(`const ${local(n.id)} = this.buf${s};`);
    if (!program.has(n.id)) continue;
    for (const [k, sc] of (storage.scratchOf.get(n.id) ?? []).entries()) out.push(`const _scratch${k}_${local(n.id)} = this.buf${sc};`);
  }
  for (const n of order) {
    const v = val(n.id);
    const code = statement(n, v);
    if (!program.has(n.id)) {
      out.push(...code);
      continue;
    }
    if (code.length > 0) {
      const members = v.mode === "buffer" && (v.kernel.kind === "map" || v.kernel.kind === "reduce") ? groupOf(plan, n).members : [];
      for (const m of [...members, n]) out.push(`// ${commentText(env.describe(m))}`);
      out.push(...code);
    }
    const k = env.checkIndex.get(n.id);
    if (k === undefined || v.mode === "inline") continue;
    if (v.mode === "uniform") out.push(`if (check && !Number.isFinite(${local(n.id)})) { this.found = ${k}; return; }`);
    else out.push(`if (check && this.nonFinite(${local(n.id)}, ${dim(dimProduct(n.type.shape))}, ${k})) return;`);
  }
  return out;

  /** A lone f32 op with a lane form over operands read at the output's index, as a row or as a column (./lane-loop.ts); null otherwise. */
  function laneCode(n: Node, kernel: MapKernel, self: ArrayAccess, generic: () => string[]): string[] | null {
    const count = dimProduct(n.type.shape);
    if (kernel.lanes === undefined || n.type.dtype !== "f32" || n.inputs.length !== 2 || (typeof count === "number" && count < LANE_MIN) || groupOf(plan, n).members.length > 0) return null;
    const shape = n.type.shape;
    const operands: LaneOperand[] = [];
    // Rows and columns split the output into rows × m, m the elements from axis `split` on.
    let split = shape.length;
    for (const id of n.inputs) {
      const v = val(id);
      const a = v.access;
      if (v.uniform) operands.push({ scalar: scalar(id) });
      else if (a === undefined || val(a.array).node.type.dtype !== "f32") return null;
      else if (sameAccess(a, self)) operands.push({ array: local(a.array) });
      else if (isColumn(a, shape)) {
        operands.push({ column: local(a.array) });
        split = shape.length - 1;
      } else {
        const k = rowStart(a, shape);
        if (k === null) return null;
        operands.push({ row: local(a.array) });
        split = k;
      }
    }
    const m = dimProduct(shape.slice(split));
    const lanes: LaneShape = { n: dim(count), rows: dim(dimProduct(shape.slice(0, split))), m: typeof m === "number" && m % 4 === 0 ? m : null };
    return laneLoop(kernel.lanes, [operands[0]!, operands[1]!], local(n.id), lanes, (args) => mapExpr(n, args), env.helper, generic);
  }

  /**
   * A float32 fused group whose every op has a lane form and whose every leaf is a float32 array read
   * at the iteration's index, a scalar, a row or a column (as in laneCode): its WebAssembly function
   * (./wasm/fused-lanes.ts) does the work where the arrays are in the model's memory, `loop` otherwise.
   * A map root (with ≥ 1 inline member) writes its elements; a reduction given `into` (its combine's
   * lanes, and the axis its output row starts at in `shape`, the reduced shape) adds each row of its
   * operand into its output row — or, `rowwise` (the axes from `split` on reduced), combines each
   * row into its one output element (./wasm/row-reduce-lanes.ts). Where a column repeats over the
   * leading axes before `block` (columnAxes: a per-channel bias; a reduction keeping the channels), the
   * function runs once per block of rows, in order, the column (or a rowwise output) the same block
   * after block. Null where the group does not qualify.
   */
  function fusedLaneCode(root: Node, shape: readonly Dim[], loop: () => string[], into?: { readonly combine: LaneCode; readonly split: number; readonly rowwise?: boolean; readonly block?: number }): string[] | null {
    const { members: inline } = groupOf(plan, root);
    if ((into === undefined && inline.length === 0) || root.type.dtype !== "f32") return null;
    const self: ArrayAccess = { array: root.id, offset: 0, strides: contiguousStrides(shape) };
    const leaves: FusedLeaf[] = [];
    const leafCode: string[] = [];
    /** Leaf k's first axis walked when it is a column (columnAxes) or a row spanning rows (below), else 0: one from `block` on repeats block after block. */
    const leafFrom: number[] = [];
    /** Whether leaf k is a bool array (one byte an element). */
    const narrow: boolean[] = [];
    // Rows and columns split the iteration into rows × m, m the elements from axis `split` on; all must agree.
    let split: number | null = into?.split ?? null;
    const splitAt = (k: number): boolean => (split ??= k) === k;
    // Blocks: the leading axes a column repeats over (0: none); a column walking them too (from 0) steps a block's rows a block.
    let block: number | null = into?.block ?? null;
    const blockAt = (k: number): boolean => (block ??= k) === k;
    const groupMembers = into === undefined ? [...inline, root] : inline;
    const leafAccess = (id: string): ArrayAccess | undefined => {
      const v = val(id);
      return v.uniform || v.mode === "inline" ? undefined : v.access;
    };
    // A map's column fixes the split whichever leaf comes first: a row starting before it then spans several rows.
    if (into === undefined) {
      for (const m of groupMembers) for (const id of m.inputs) {
        const a = leafAccess(id);
        const column = a === undefined ? null : columnAxes(a, shape);
        if (column !== null) split ??= column.to;
      }
    }
    /** The leaf's kind, its first axis walked for a column (columnAxes) or a row spanning rows (else 0), and whether it is a bool array. */
    const leafOf = (id: string): { readonly kind: FusedLeaf; readonly from: number; readonly narrow: boolean } | null => {
      const v = val(id);
      if (v.uniform) return { kind: "scalar", from: 0, narrow: false };
      const a = leafAccess(id);
      const dtype = a === undefined ? undefined : val(a.array).node.type.dtype;
      // A map may read a bool mask (a Uint8Array's 0 and 1) as an array or a row.
      const bytes = dtype === "bool" && into === undefined;
      if (a === undefined || (dtype !== "f32" && !bytes)) return null;
      if (sameAccess(a, self)) return { kind: "array", from: 0, narrow: bytes };
      const column = columnAxes(a, shape);
      if (column !== null) return !bytes && splitAt(column.to) && (column.from === 0 || blockAt(column.from)) ? { kind: "column", from: column.from, narrow: false } : null;
      const k = rowStart(a, shape);
      if (k === null) return null;
      if (splitAt(k)) return { kind: "row", from: 0, narrow: bytes };
      // A row spanning several rows of the split (a [T, T] mask over rows of T): an array within each block of the axes from k on, the same block after block.
      return into === undefined && split !== null && k < split && blockAt(k) ? { kind: "array", from: k, narrow: bytes } : null;
    };
    // Operand numbering while the leaf count is unknown: leaf k is −(k + 1), member j is j.
    const members: { code: LaneCode; args: number[] }[] = [];
    const position = new Map<string, number>();
    const operand = (id: string): number | null => {
      let p = position.get(id);
      if (p === undefined) {
        const leaf = leafOf(id);
        if (leaf === null) return null;
        leaves.push(leaf.kind);
        leafFrom.push(leaf.from);
        narrow.push(leaf.narrow);
        leafCode.push(leaf.kind === "scalar" ? scalar(id) : local(val(id).access!.array));
        p = -leaves.length;
        position.set(id, p);
      }
      return p;
    };
    for (const m of groupMembers) {
      const kernel = val(m.id).kernel;
      if (kernel.kind !== "map" || kernel.f64x2 === undefined || (m.type.dtype !== "f32" && m.type.dtype !== "bool")) return null;
      const args: number[] = [];
      for (const id of m.inputs) {
        const p = operand(id);
        if (p === null) return null;
        args.push(p);
      }
      members.push({ code: kernel.f64x2, args });
      position.set(m.id, members.length - 1);
    }
    // A reduction's operand: a member or a leaf of its own.
    const reduced = into === undefined ? undefined : operand(root.inputs[0]!);
    if (reduced === null) return null;
    const at = (p: number): number => (p < 0 ? -p - 1 : leaves.length + p);
    const spec: FusedLaneSpec = {
      leaves,
      members: members.map((m) => ({ code: m.code, args: m.args.map(at) })),
      ...(narrow.some((b) => b) ? { narrow } : {}),
      ...(into === undefined || reduced === undefined ? {} : into.rowwise === true ? { result: at(reduced), combineRow: into.combine } : { result: at(reduced), combine: into.combine }),
    };
    const { name, registry } = env.fusedKernel(spec);
    const cut = split ?? 0;
    const blk = block ?? 0;
    // rows: a call's (a block's); all: every row of the split.
    const [count, rows, all, m] = [dim(dimProduct(shape)), dim(dimProduct(shape.slice(blk, cut))), dim(dimProduct(shape.slice(0, cut))), dim(dimProduct(shape.slice(cut)))];
    const me = local(root.id);
    const repeats = (k: number): boolean => blk > 0 && leafFrom[k] === blk;
    const need = (k: number): string => ({ array: repeats(k) ? `${rows} * ${m}` : count, row: m, column: repeats(k) ? rows : all, scalar: "" })[leaves[k]!];
    const arrays = [[me, into === undefined ? count : into.rowwise === true ? rows : m], ...leafCode.flatMap((c, k) => (leaves[k] === "scalar" ? [] : [[c, need(k)]]))];
    const fits = arrays.map(([a, n]) => `${a}.length >= ${n}`).join(" && ");
    const shared = arrays.slice(1).map(([a]) => ` && ${a}.buffer === ${me}.buffer`).join("");
    // Block _b's byte offsets: an array's (and a written output's) rows·m elements on, a column's rows on, unless it repeats.
    const onward = (bytes: string): string => (blk === 0 ? "" : ` + _b * ${bytes}`);
    /** The bytes of n elements of leaf k (one each for a bool leaf, four for float32). */
    const leafBytes = (k: number, n: string): string => (narrow[k] === true ? n : `4 * ${n}`);
    const leafArg = (c: string, k: number): string =>
      leaves[k] === "scalar" ? c : `${c}.byteOffset${repeats(k) ? "" : leaves[k] === "array" ? onward(leafBytes(k, `${rows} * ${m}`)) : leaves[k] === "column" ? onward(`4 * ${rows}`) : ""}`;
    const args = [...leafCode.map(leafArg), `${me}.byteOffset${into === undefined ? onward(`4 * ${rows} * ${m}`) : ""}`, rows, m];
    const cutBy = cutSteps(spec, cut === 0, m);
    const call =
      cutBy === null
        ? `_lanes.${name}(${args.join(", ")});`
        : `${env.helper("simdCall")}(_lanes, ${me}.buffer, "${name}", ${cutBy.nsPerElement} * ${blk === 0 ? count : `${rows} * ${m}`}, ${cutBy.at}, ${cutBy.align}, [${args.join(", ")}], [${cutBy.steps.join(", ")}]);`;
    return [
      `{`,
      `  const _lanes = ${count} >= ${LANE_MIN} && ${fits}${shared} ? ${registry}.get(${me}.buffer) : undefined;`,
      blk === 0 ? `  if (_lanes !== undefined) ${call}` : `  if (_lanes !== undefined) for (let _b = 0; _b < ${dim(dimProduct(shape.slice(0, blk)))}; _b++) ${call}`,
      `  else {`,
      ...loop().map((l) => `    ${l}`),
      `  }`,
      `}`,
    ];
  }

  /**
   * A float32 view copied by runs: where the innermost axis (after merging) is contiguous on both sides,
   * the WebAssembly copy (./wasm/copy-lanes.ts) moves the runs under up to three outer axes; where
   * only the destination is contiguous along it and another axis is contiguous in the source, the
   * transposing copy (./wasm/transpose-lanes.ts) moves the blocks; `loop` where either declines.
   * Null where the copy has no such form.
   */
  function copyCode(n: Node, shape: readonly Dim[], from: ArrayAccess, to: ArrayAccess, loop: readonly string[]): string[] | null {
    if (n.type.dtype !== "f32" || val(from.array).node.type.dtype !== "f32") return null;
    const axes = coalesce(shape, [from, to]);
    const run = axes[axes.length - 1];
    if (run !== undefined && !dimEquals(run.strides[0]!, 1) && dimEquals(run.strides[1]!, 1)) return transposeCode(axes, from, to, loop);
    if (run === undefined || axes.length > COPY_OUTER + 1 || !dimEquals(run.strides[0]!, 1) || !dimEquals(run.strides[1]!, 1) || (typeof run.size === "number" && run.size < 4)) return null;
    const outer = axes.slice(0, -1);
    while (outer.length < COPY_OUTER) outer.unshift({ size: 1, strides: [0, 0] });
    const args = [local(from.array), dim(from.offset), local(to.array), dim(to.offset), ...outer.map((a) => dim(a.size)), dim(run.size), ...outer.map((a) => dim(a.strides[0]!)), ...outer.map((a) => dim(a.strides[1]!))];
    return [`if (!${env.helper("viewCopySimd")}(${args.join(", ")})) {`, ...loop.map((l) => `  ${l}`), `}`];
  }

  /** The transposing form of copyCode: the destination's innermost axis (C, after merging) and the one axis contiguous in the source (R); null where there is none, or more than TRANSPOSE_OUTER others, or R or C is below 4. */
  function transposeCode(axes: readonly Axis[], from: ArrayAccess, to: ArrayAccess, loop: readonly string[]): string[] | null {
    const c = axes[axes.length - 1]!;
    const r = axes.findIndex((a) => dimEquals(a.strides[0]!, 1));
    const small = (d: Dim): boolean => typeof d === "number" && d < 4;
    if (r < 0 || axes.length > TRANSPOSE_OUTER + 2 || small(axes[r]!.size) || small(c.size)) return null;
    const outer = axes.filter((_, k) => k !== r && k !== axes.length - 1);
    while (outer.length < TRANSPOSE_OUTER) outer.unshift({ size: 1, strides: [0, 0] });
    const args = [local(from.array), dim(from.offset), local(to.array), dim(to.offset), ...outer.map((a) => dim(a.size)), dim(axes[r]!.size), dim(c.size), ...outer.map((a) => dim(a.strides[0]!)), ...outer.map((a) => dim(a.strides[1]!)), dim(c.strides[0]!), dim(axes[r]!.strides[1]!)];
    return [`if (!${env.helper("viewTransposeSimd")}(${args.join(", ")})) {`, ...loop.map((l) => `  ${l}`), `}`];
  }

  function statement(n: Node, v: ValuePlan): string[] {
    const size = dim(dimProduct(n.type.shape));
    const me = local(n.id);
    const kernel = v.kernel;
    if (v.mode === "uniform") {
      if (kernel.kind === "map") return [`const ${me} = ${mapExpr(n, n.inputs.map(scalar))};`];
      if (kernel.kind === "view") return [`const ${me} = ${scalar(n.inputs[0]!)};`];
      return [];
    }
    if (v.mode !== "buffer") return [];
    if (v.uniform) {
      // Filled once when the class is built (storage.ts).
      if (kernel.kind === "uniform" && kernel.fill !== undefined) return [];
      const value = kernel.kind === "map" ? mapExpr(n, n.inputs.map(scalar)) : kernel.kind === "uniform" ? kernel.scalar(n, dim) : scalar(n.inputs[0]!);
      return [`${me}.fill(${value}, 0, ${size});`];
    }
    const self: ArrayAccess = { array: n.id, offset: 0, strides: contiguousStrides(n.type.shape) };
    switch (kernel.kind) {
      case "map": {
        const loop = (): string[] => group(n, n.type.shape, [self], (args, [o]) => [`${me}[${o!}] = ${mapExpr(n, args)};`]);
        const generic = (): string[] => verified(n, n.type.shape, loop());
        return laneCode(n, kernel, self, generic) ?? verified(n, n.type.shape, fusedLaneCode(n, n.type.shape, loop) ?? loop());
      }
      case "view": {
        const src = val(n.inputs[0]!);
        const viewed = kernel.view(src.access!, n, src.node);
        const [shape, from, to] = viewed === null ? [src.node.type.shape, src.access!, { ...self, strides: contiguousStrides(src.node.type.shape) }] : [n.type.shape, viewed, self];
        const loop = nest(shape, [from, to], ([i, o]) => [`${me}[${o!}] = ${local(from.array)}[${i!}];`]);
        return copyCode(n, shape, from, to, loop) ?? loop;
      }
      case "reduce": {
        const x = val(n.inputs[0]!).node;
        const axes = reducedAxes(n, x.type.shape.length);
        const count = dim(dimProduct(axes.map((a) => x.type.shape[a]!)));
        const init = kernel.init === Infinity ? "Infinity" : kernel.init === -Infinity ? "-Infinity" : String(kernel.init);
        const fin = kernel.mean === true ? ` / ${count}` : "";
        if (axes.length === x.type.shape.length || dimProduct(n.type.shape) === 1) {
          return verified(n, x.type.shape, [`{`, ...indentLines([`let _acc = ${init};`, ...group(n, x.type.shape, [], ([a]) => [`_acc = ${kernel.combine("_acc", a!)};`]), `${me}[0] = _acc${fin};`]), `}`]);
        }
        const kept = contiguousStrides(x.type.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
        const to: ArrayAccess = { array: n.id, offset: 0, strides: x.type.shape.map((_, i) => (axes.includes(i) ? 0 : kept[i]!)) };
        // Where the innermost loop is reduced (the output index does not move in it), the running value
        // stays in a local over that loop instead of a load and store of the output element per term.
        const carry = (leaves: number): InnerCarry => ({ access: leaves, open: (at) => [`let _acc = ${me}[${at}];`], close: (at) => [`${me}[${at}] = _acc;`] });
        const loop = (): string[] => group(n, x.type.shape, [to], ([a], [o], carried) => (carried ? [`_acc = ${kernel.combine("_acc", a!)};`] : [`${me}[${o!}] = ${kernel.combine(`${me}[${o!}]`, a!)};`]), undefined, carry);
        // Reduced leading axes, kept trailing ones: each row of the operand is combined into the output row.
        const split = rowStart(to, x.type.shape);
        const rowsReduced = split !== null && axes.length === split && axes.every((a, i) => a === i);
        // Or the trailing axes from some axis on reduced (and any leading ones), the axes between kept:
        // each row's value carried over the row (as `_acc` is) into its output element, block after block.
        const keptRows = columnAxes(to, x.type.shape);
        const lanes =
          kernel.f64x2 === undefined ? null
          : rowsReduced ? fusedLaneCode(n, x.type.shape, loop, { combine: kernel.f64x2, split })
          : keptRows !== null ? fusedLaneCode(n, x.type.shape, loop, { combine: kernel.f64x2, split: keptRows.to, rowwise: true, block: keptRows.from })
          : null;
        return verified(n, x.type.shape, [
          `${me}.fill(${init}, 0, ${size});`,
          ...(lanes ?? loop()),
          ...(fin === "" ? [] : [`for (let _i = 0; _i < ${size}; _i++) ${me}[_i] = ${me}[_i]${fin};`]),
        ]);
      }
      case "call": {
        const ins = n.inputs.map((i) => {
          if (storage.storageOf.get(i) === undefined) throw new InternalCompilerError(`codegen: operand ${i} of ${n.id} has no array`, n.span);
          return local(i);
        });
        const ctx: CallCtx = {
          node: n,
          inputs: n.inputs.map((i) => val(i).node),
          ins,
          out: me,
          scratch: (storage.scratchOf.get(n.id) ?? []).map((_, k) => `_scratch${k}_${me}`),
          dim,
          helper: env.helper,
          nest,
          str: jsString,
        };
        return kernel.emit(ctx);
      }
      default:
        throw new InternalCompilerError(`codegen: ${n.id} (${n.op}) cannot be a buffer`, n.span);
    }
  }
}

function reducedAxes(n: Node, rank: number): number[] {
  const v = n.attrs["axes"];
  return Array.isArray(v) ? v.map((x) => (typeof x === "number" ? x : -1)) : Array.from({ length: rank }, (_, i) => i);
}


function indentLines(lines: readonly string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
