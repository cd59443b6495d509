/**
 * Kernels of the special functions and index constants: `erf` (W. J. Cody's rational approximations,
 * emitted from the op record's own coefficients so that the generated code and the reference
 * evaluation take the same steps), `arange`, `tril`, `triu` (no operands: written by index).
 */
import { dimProduct } from "@nnc/ir";
import { ERF_COEFFS } from "@nnc/ops";
import type { CallCtx, CallKernel, SimdStandIn } from "../kernel-types.ts";
import { numLit } from "../names.ts";
import { num } from "./attrs.ts";
import { ERF32_P, ERF32_Q } from "../wasm/elementwise-erf.ts";
import { simdPrefix } from "./simd-first.ts";

/** Cody's rational form in `t` (see ops/src/defs/erf.ts `rational`), unrolled with literal coefficients. */
function rational(c: readonly number[], d: readonly number[], t: string, top: number): string {
  const n = d.length - 1;
  let num = `${numLit(c[top]!)} * ${t}`;
  let den = t;
  for (let i = 0; i < n; i++) {
    num = `(${num} + ${numLit(c[i]!)}) * ${t}`;
    den = `(${den} + ${numLit(d[i]!)}) * ${t}`;
  }
  return `((${num} + ${numLit(c[n]!)}) / (${den} + ${numLit(d[n]!)}))`;
}


/** `Math.fround(e)`: one float32 rounding, as each f32x4 lane operation of the SIMD kernel does. */
const f32 = (e: string): string => `Math.fround(${e})`;

/**
 * Horner's form of the polynomial with coefficients `c` (highest degree first) in `t`, every product and
 * sum rounded to float32 like the SIMD kernel's lanes. A product or sum of two float32 values is exact or
 * rounded once in float64 (53 ≥ 2·24 + 2 bits: the second rounding to float32 is innocuous), so each step
 * equals the f32 operation bit for bit.
 */
function horner32(c: readonly number[], t: string): string {
  return c.slice(1).reduce((acc, k) => f32(`${f32(`${acc} * ${t}`)} + ${f32(numLit(k))}`), f32(numLit(c[0]!)));
}

/**
 * erf in float32 programs: x·P(x²)/Q(x²) on x clamped to [−4, 4] (../wasm/elementwise-erf.ts, ERF32_P and
 * ERF32_Q), in float32 arithmetic step for step as the SIMD kernel, so an element's value does not depend
 * on whether the kernel or this loop computed it; from `start`: the elements before it are the kernel's
 * (erfSimd returns 0 without it).
 */
function erf32(x: string, out: string, n: string, start: string): string[] {
  return [
    `for (let _i = ${start}; _i < ${n}; _i++) {`,
    `  const _x = Math.min(4, Math.max(-4, ${x}[_i])), _t = ${f32("_x * _x")};`,
    `  ${out}[_i] = ${f32(`${f32(`_x * ${horner32(ERF32_P, "_t")}`)} / ${horner32(ERF32_Q, "_t")}`)};`,
    `}`,
  ];
}

/** erf's SIMD stand-in (../wasm/elementwise-erf.ts): the first n − n % 4 elements, the scalar erf32 loop the rest. */
const ERF_SIMD: SimdStandIn = { helper: "erfSimd", returns: "count" };

/** out[i] = erf(in[i]); float64: the reference's steps (ops/src/defs/erf.ts), float32: erf32 above. */
function erf(c: CallCtx): string[] {
  const k = ERF_COEFFS;
  const n = c.dim(dimProduct(c.node.type.shape));
  const [x, out] = [c.ins[0]!, c.out];
  if (c.node.type.dtype === "f32") return simdPrefix(c, ERF_SIMD, `${x}, ${out}, ${n}`, (start) => erf32(x, out, n, start));
  return [
    `for (let _i = 0; _i < ${n}; _i++) {`,
    `  const _x = ${x}[_i], _y = Math.abs(_x);`,
    `  if (!(_y > ${numLit(k.thresh)})) { const _t = _y * _y; ${out}[_i] = _x * ${rational(k.a, k.b, "_t", 4)}; continue; }`,
    `  const _e = Math.exp(-_y * _y);`,
    `  let _r;`,
    `  if (_y <= 4) _r = _e * ${rational(k.c, k.d, "_y", 8)};`,
    `  else if (_y >= 26.6) _r = 0;`,
    `  else { const _z = 1 / (_y * _y); _r = (_e / _y) * (${numLit(k.sqrpi)} - _z * ${rational(k.p, k.q, "_z", 5)}); }`,
    `  const _v = 0.5 - _r + 0.5;`,
    `  ${out}[_i] = _x < 0 ? -_v : _v;`,
    `}`,
  ];
}

/** out[i·n + j] = keep(j − i) for an n×n mask; `cmp` compares the offset j − i with k. */
function triangle(cmp: "<=" | ">="): (c: CallCtx) => string[] {
  return (c) => {
    const n = c.dim(c.node.type.shape[0]!);
    const k = numLit(num(c.node, "k", 0));
    return [`for (let _i = 0; _i < ${n}; _i++) for (let _j = 0; _j < ${n}; _j++) ${c.out}[_i * ${n} + _j] = _j - _i ${cmp} ${k} ? 1 : 0;`];
  };
}

export const SPECIAL_KERNELS = {
  erf: { kind: "call", emit: erf, simd: ERF_SIMD },
  arange: { kind: "call", emit: (c) => [`for (let _i = 0; _i < ${c.dim(c.node.type.shape[0]!)}; _i++) ${c.out}[_i] = _i;`] },
  tril: { kind: "call", emit: triangle("<=") },
  triu: { kind: "call", emit: triangle(">=") },
} satisfies Record<string, CallKernel>;
