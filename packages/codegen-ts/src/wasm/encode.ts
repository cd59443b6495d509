/**
 * A minimal WebAssembly binary encoder: just what the compiler's kernels need (one imported memory,
 * functions over i32/v128 locals, exports). Bytes follow the core spec's binary format; SIMD opcodes
 * are the 0xFD-prefixed ones of the fixed-width SIMD proposal (in every engine since 2021).
 */

export const I32 = 0x7f;
export const V128 = 0x7b;
export const F32 = 0x7d;
export const F64 = 0x7c;

export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

type Bytes = readonly number[] | Uint8Array;

/** `parts` one after another (copied, not spread: a spread of a long body puts every byte on the stack). */
function concat(parts: readonly Bytes[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function vec(items: readonly Bytes[]): Uint8Array {
  return concat([uleb(items.length), ...items]);
}

function section(id: number, body: Bytes): Uint8Array {
  return concat([[id], uleb(body.length), body]);
}

/**
 * acc + x·y in f32 lanes, each argument the instructions that push it: f32x4.mul then f32x4.add (two
 * roundings, the same bits on every engine), or with `fused` relaxed SIMD's madd (one rounding where the
 * hardware has FMA; the module then compiles only where the engine has relaxed SIMD).
 */
export function f32x4MulAdd(fused: boolean, acc: readonly number[], x: readonly number[], y: readonly number[]): number[] {
  return fused ? [...x, ...y, ...acc, ...op.f32x4RelaxedMadd] : [...acc, ...x, ...y, ...op.f32x4Mul, ...op.f32x4Add];
}

/** Instructions, as byte arrays to concatenate. */
export const op = {
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  add: [0x6a],
  and: [0x71],
  sub: [0x6b],
  mul: [0x6c],
  geS: [0x4e],
  /** i32.ge_u: byte offsets of arrays of 2 GiB or more stay positive. */
  geU: [0x4f],
  eqz: [0x45],
  eq: [0x46],
  ne: [0x47],
  block: [0x02, 0x40],
  /** if … end with no result. */
  ifVoid: [0x04, 0x40],
  /** if … else … end leaving one v128 on the stack. */
  ifV128: [0x04, V128],
  ifF32: [0x04, F32],
  ifI32: [0x04, I32],
  else: [0x05],
  ltS: [0x48],
  /** [a, b, cond] → cond ≠ 0 ? a : b. */
  select: [0x1b],
  leS: [0x4c],
  gtS: [0x4a],
  ltU: [0x49],
  shl: [0x74],
  shrU: [0x76],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  /** Calls function `index` of the module (its arguments on the stack). */
  call: (index: number): number[] => [0x10, ...uleb(index)],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  /** v128.load / v128.store with a constant byte offset (alignment hint 16 bytes). */
  v128Load: (offset: number): number[] => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset: number): number[] => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  /** Loads one f32 and splats it into the four lanes. */
  load32Splat: (offset: number): number[] => [0xfd, ...uleb(0x09), 2, ...uleb(offset)],
  v128Zero: [0xfd, ...uleb(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  /** Relaxed SIMD: [a, b, c] → a·b + c, rounded once (fused) or twice, as the engine's hardware has it. */
  f32x4RelaxedMadd: [0xfd, ...uleb(0x105)],
  f32x4Extract: (lane: number): number[] => [0xfd, ...uleb(0x1f), lane],
  /** Loads 8 bytes (two f32) into lanes 0–1 of a zeroed v128 / stores lanes 0–1 (the low 8 bytes). */
  v128Load64Zero: (offset: number): number[] => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)],
  v128Store64Lane0: (offset: number): number[] => [0xfd, ...uleb(0x5b), 3, ...uleb(offset), 0],
  /** [addr, v] → v with 64-bit lane `lane` replaced by the 8 bytes at addr + offset / stores 64-bit lane `lane` of v at addr + offset. */
  v128Load64Lane: (offset: number, lane: number): number[] => [0xfd, ...uleb(0x57), 3, ...uleb(offset), lane],
  v128Store64Lane: (offset: number, lane: number): number[] => [0xfd, ...uleb(0x5b), 3, ...uleb(offset), lane],
  /** [a, b] → the four 32-bit lanes `lanes` of a‖b (0–3 from a, 4–7 from b). */
  shuffle32: (lanes: readonly [number, number, number, number]): number[] => [0xfd, ...uleb(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  /** Loads one byte / two bytes and splats them over the v128 (bytes 0 and 1 repeated: a bool pair's lanes after the extends below). */
  load8Splat: (offset: number): number[] => [0xfd, ...uleb(0x07), 0, ...uleb(offset)],
  load16Splat: (offset: number): number[] => [0xfd, ...uleb(0x08), 1, ...uleb(offset)],
  /** Unsigned widening of the low half: 8 u8 → 8 i16 lanes; 4 u16 → 4 i32 lanes; i32 lanes 0–1 → f64x2 (exact). */
  i16x8ExtendLowI8x16U: [0xfd, ...uleb(0x89)],
  i32x4ExtendLowI16x8U: [0xfd, ...uleb(0xa9)],
  f64x2ConvertLowI32x4U: [0xfd, ...uleb(0xff)],
  /** Loads 4 bytes (one f32) into lane 0 of a zeroed v128 / stores lane 0 (the low 4 bytes). */
  v128Load32Zero: (offset: number): number[] => [0xfd, ...uleb(0x5c), 2, ...uleb(offset)],
  /** [addr, v] → v with lane `lane` replaced by the f32 at addr + offset. */
  v128Load32Lane: (offset: number, lane: number): number[] => [0xfd, ...uleb(0x56), 2, ...uleb(offset), lane],
  v128Store32Lane0: (offset: number): number[] => [0xfd, ...uleb(0x5a), 2, ...uleb(offset), 0],
  /** [addr, v] → stores 32-bit lane `lane` of v at addr + offset. */
  v128Store32Lane: (offset: number, lane: number): number[] => [0xfd, ...uleb(0x5a), 2, ...uleb(offset), lane],
  /** f32 lanes 0–1 → f64x2 (exact); f64x2 → f32 lanes 0–1 (rounded to nearest even), lanes 2–3 zero. */
  f64x2PromoteLow: [0xfd, ...uleb(0x5f)],
  f32x4DemoteZero: [0xfd, ...uleb(0x5e)],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  f64x2Div: [0xfd, ...uleb(0xf3)],
  f64x2Sqrt: [0xfd, ...uleb(0xef)],
  f64x2Abs: [0xfd, ...uleb(0xec)],
  f64x2Neg: [0xfd, ...uleb(0xed)],
  /** f64x2.min / max: NaN if either lane is NaN, −0 below +0 (Math.min / Math.max). */
  f64x2Min: [0xfd, ...uleb(0xf4)],
  f64x2Max: [0xfd, ...uleb(0xf5)],
  /** f64x2.pmin / pmax: b < a ? b : a / a < b ? b : a (one instruction; differ from min/max on NaN and ±0). */
  f64x2Pmin: [0xfd, ...uleb(0xf6)],
  f64x2Pmax: [0xfd, ...uleb(0xf7)],
  f64x2Floor: [0xfd, ...uleb(0x75)],
  /** Lane comparisons: all ones where true, zero where false (false for NaN, except ne). */
  f64x2Eq: [0xfd, ...uleb(0x47)],
  f64x2Ne: [0xfd, ...uleb(0x48)],
  f64x2Lt: [0xfd, ...uleb(0x49)],
  f64x2Gt: [0xfd, ...uleb(0x4a)],
  f64x2Le: [0xfd, ...uleb(0x4b)],
  f64x2Ge: [0xfd, ...uleb(0x4c)],
  v128And: [0xfd, ...uleb(0x4e)],
  /** v128 → i32: 1 when any bit is set. */
  v128AnyTrue: [0xfd, ...uleb(0x53)],
  /** [a, b, mask] → a where mask bits are 1, b elsewhere. */
  v128Bitselect: [0xfd, ...uleb(0x52)],
  /** f64x2 of integral lanes → i32 lanes 0–1 (saturating), lanes 2–3 zero. */
  i32x4TruncSatF64x2SZero: [0xfd, ...uleb(0xfc)],
  i64x2ExtendLowI32x4S: [0xfd, ...uleb(0xc7)],
  i64x2Add: [0xfd, ...uleb(0xce)],
  /** [v, count: i32] → each i64 lane shifted left by count. */
  i64x2Shl: [0xfd, ...uleb(0xcb)],
  /** Both f64 lanes `x` (a v128.const). */
  f64x2Const: (x: number): number[] => {
    const d = new DataView(new ArrayBuffer(16));
    d.setFloat64(0, x, true);
    d.setFloat64(8, x, true);
    return [0xfd, ...uleb(0x0c), ...new Uint8Array(d.buffer)];
  },
  /** Both i64 lanes `x` (a v128.const; |x| < 2^31). */
  i64x2Const: (x: number): number[] => {
    const d = new DataView(new ArrayBuffer(16));
    d.setBigInt64(0, BigInt(x), true);
    d.setBigInt64(8, BigInt(x), true);
    return [0xfd, ...uleb(0x0c), ...new Uint8Array(d.buffer)];
  },
  f32Add: [0x92],
  f64PromoteF32: [0xbb],
  f32Mul: [0x94],
  /** f32.load / f32.store with a constant byte offset (alignment hint 4 bytes). */
  f32Load: (offset: number): number[] => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number): number[] => [0x38, 2, ...uleb(offset)],
  /** i32.load / i32.store with a constant byte offset (alignment hint 4 bytes). */
  i32Load: (offset: number): number[] => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number): number[] => [0x36, 2, ...uleb(offset)],
  /** Returns from the function with the value(s) on the stack. */
  ret: [0x0f],
} as const;

/**
 * `for (i = start; i < end; i += step) body` with i and end locals (compared unsigned: byte offsets of
 * 2 GiB or more stay in order); `start` pushes the first value, or is null to go on from i's value.
 */
export function countedLoop(i: number, end: number, step: number, body: readonly number[], start: readonly number[] | null = op.i32(0)): number[] {
  return [...(start === null ? [] : [...start, ...op.set(i)]), ...op.block, ...op.loop, ...op.get(i), ...op.get(end), ...op.geU, ...op.brIf(1), ...body, ...op.get(i), ...op.i32(step), ...op.add, ...op.set(i), ...op.br(0), ...op.end, ...op.end];
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  /** Extra locals by type, in order after the params. */
  readonly locals: readonly number[];
  /** Result types (none when absent). */
  readonly results?: readonly number[];
  readonly body: readonly number[];
}

/** A module importing `env.memory` (at least `minPages` pages) and exporting `fns`. */
export function encodeModule(fns: readonly WasmFunction[], minPages = 1): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec((f.results ?? []).map((r) => [r]))]);
  const imports = vec([[...name("env"), ...name("memory"), 0x02, 0x00, ...uleb(minPages)]]);
  const funcs = vec(fns.map((_, i) => uleb(i)));
  const exports = vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const code = vec(fns.map(codeEntry));
  return concat([[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], section(1, vec(types)), section(2, imports), section(3, funcs), section(7, exports), section(10, code)]);
}

/**
 * A function's entry of the code section (its size, locals and body), memoised by the function: the
 * fixed kernels are the same objects in every module a process encodes (one per compiled program).
 */
const codeEntries = new WeakMap<WasmFunction, Uint8Array>();

function codeEntry(f: WasmFunction): Uint8Array {
  const hit = codeEntries.get(f);
  if (hit !== undefined) return hit;
  const groups: number[][] = [];
  for (const t of f.locals) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[1] === t) last[0]! += 1;
    else groups.push([1, t]);
  }
  const body = concat([vec(groups.map(([n, t]) => [...uleb(n!), t!])), f.body, op.end]);
  const entry = concat([uleb(body.length), body]);
  codeEntries.set(f, entry);
  return entry;
}
