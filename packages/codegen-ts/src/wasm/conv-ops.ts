/**
 * What the convolution and pooling kernels need beyond ./encode.ts: more SIMD and bulk-memory
 * opcodes (fixed-width SIMD and bulk memory, both in every engine since 2021) and a function
 * builder that hands out typed locals and writes structured counting loops.
 */
import { F32, I32, op, V128, type WasmFunction } from "./encode.ts";

const simd = (code: number): number[] => (code < 0x80 ? [0xfd, code] : [0xfd, (code & 0x7f) | 0x80, code >> 7]);

/** The extra instructions, as byte arrays to concatenate. */
export const cop = {
  tee: (i: number): number[] => [0x22, ...op.get(i).slice(1)],
  select: [0x1b],
  ltS: [0x48],
  eq: [0x46],
  or: [0x72],
  /** i8x16.shuffle of the two v128 on the stack, by f32 lane: lanes 0–3 pick from the first, 4–7 from the second. */
  shuffle32: (lanes: readonly [number, number, number, number]): number[] => [...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])],
  i32x4Splat: simd(0x11),
  i32x4GeS: simd(0x3f),
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  v128AndNot: simd(0x4f),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  /** v128.const of four i32 lanes. */
  i32x4Const: (lanes: readonly [number, number, number, number]): number[] => [...simd(0x0c), ...lanes.flatMap((v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff])],
  /** memory.fill (dest, byte, length) and memory.copy (dest, src, length) on memory 0. */
  memoryFill: [0xfc, 0x0b, 0x00],
  memoryCopy: [0xfc, 0x0a, 0x00, 0x00],
} as const;

type Code = readonly number[];

/** Emits one function: params first, then locals handed out by `i32()`, `v128()`, `f32()`. */
export class FnBuilder {
  private readonly locals: number[] = [];
  private readonly code: number[] = [];

  constructor(
    private readonly name: string,
    private readonly params: readonly number[],
  ) {}

  private local(type: number): number {
    this.locals.push(type);
    return this.params.length + this.locals.length - 1;
  }

  i32(): number {
    return this.local(I32);
  }

  v128(): number {
    return this.local(V128);
  }

  f32(): number {
    return this.local(F32);
  }

  emit(...parts: Code[]): void {
    for (const p of parts) this.code.push(...p);
  }

  /** local = value. */
  set(local: number, value: Code): void {
    this.emit(value, op.set(local));
  }

  /** local += value. */
  inc(local: number, value: Code): void {
    this.emit(op.get(local), value, op.add, op.set(local));
  }

  /** for (local = from; local < to; local += step) body — `to` is re-evaluated each iteration. */
  forUp(local: number, from: Code, to: Code, step: Code, body: () => void): void {
    this.set(local, from);
    this.emit(op.block, op.loop, op.get(local), to, op.geS, op.brIf(1));
    body();
    this.inc(local, step);
    this.emit(op.br(0), op.end, op.end);
  }

  /** Runs body `count` times (count ≥ 1 when entered; the counter local runs down). */
  repeat(counter: number, count: Code, body: () => void): void {
    this.set(counter, count);
    this.emit(op.loop);
    body();
    this.emit(op.get(counter), op.i32(1), op.sub, cop.tee(counter), op.brIf(0), op.end);
  }

  /** if (cond) body. */
  when(cond: Code, body: () => void): void {
    this.emit(cond, [0x04, 0x40]);
    body();
    this.emit(op.end);
  }

  /** if (cond) then else otherwise. */
  branch(cond: Code, then: () => void, otherwise: () => void): void {
    this.emit(cond, [0x04, 0x40]);
    then();
    this.emit(op.else);
    otherwise();
    this.emit(op.end);
  }

  build(): WasmFunction {
    return { name: this.name, params: this.params, locals: this.locals, body: this.code };
  }
}

/** Expression helpers: each returns the bytes that push the value. */
export const ex = {
  get: (l: number): number[] => op.get(l),
  c: (v: number): number[] => op.i32(v),
  add: (a: Code, b: Code): number[] => [...a, ...b, ...op.add],
  sub: (a: Code, b: Code): number[] => [...a, ...b, ...op.sub],
  mul: (a: Code, b: Code): number[] => [...a, ...b, ...op.mul],
  /** min(a, b) for i32 (each operand is evaluated twice: pure expressions only). */
  min: (a: Code, b: Code): number[] => [...a, ...b, ...a, ...b, ...cop.ltS, ...cop.select],
};
