/**
 * Test support for the kernels that address raw WebAssembly memory (not built: tsconfig.build.json
 * leaves out src/test-*.ts): f32 arrays fenced by sentinel guards, seeded fills, conv shapes, a
 * wait for a worker thread's state, and a child node running a script.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

/**
 * Runs the CommonJS `script` in a child node with `flags`, from a temporary file: a script carrying a
 * class's text or kernel modules can be longer than one argument may be (Linux: 128 KiB). The
 * 280 s timeout only detects a hang; it is no speed bound.
 */
export function runNodeScript(script: string, flags: readonly string[] = []): SpawnSyncReturns<string> {
  const dir = mkdtempSync(join(tmpdir(), "nnc-child-"));
  try {
    const file = join(dir, "child.cjs");
    writeFileSync(file, script);
    return spawnSync(process.execPath, [...flags, file], { encoding: "utf8", timeout: 280_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Floats of guard before and after every array, and the value they hold. */
const GUARD = 8;
const SENTINEL = -12345.5;

export interface Guarded {
  readonly arrays: Float32Array[];
  /** Whether every guard still holds SENTINEL: nothing wrote outside the arrays. */
  readonly guardsIntact: () => boolean;
}

/**
 * Arrays of `sizes`, each between two guards. `place` lays out consecutive arrays of the sizes it gets
 * (guard, sizes[0], guard, sizes[1], …, guard) and returns them in that order.
 */
export function guardedArrays(sizes: readonly number[], place: (sizes: readonly number[]) => readonly Float32Array[]): Guarded {
  const all = place([GUARD, ...sizes.flatMap((n) => [n, GUARD])]);
  const guards = all.filter((_, i) => i % 2 === 0);
  for (const g of guards) g.fill(SENTINEL);
  return { arrays: all.filter((_, i) => i % 2 === 1), guardsIntact: () => guards.every((g) => g.every((v) => v === SENTINEL)) };
}

/** Fills `a` with values in [−1, 1) from a linear congruential sequence started at `seed`. */
export function fillSeeded(a: Float32Array, seed: number): void {
  let s = seed;
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 1073741824 - 1;
  }
}

/** Polls (without blocking the thread, which the workers need none of) until `ok` or `ms` pass. */
export async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return ok();
}

/** f32 sums of `terms` products against the same sums in f64: as long, and every element within terms·2^−20. */
export function expectCloseToF64(got: Float32Array, want: Float64Array, terms: number): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  expect(worst).toBeLessThan(terms * 2 ** -20);
}

/** A conv2d geometry: N images of C×H×W, O filters of KH×KW, stride s, padding p on every side. */
export interface ConvShape {
  readonly N: number;
  readonly C: number;
  readonly H: number;
  readonly W: number;
  readonly O: number;
  readonly KH: number;
  readonly KW: number;
  readonly s: 1 | 2;
  readonly p: number;
}

/** The output size of a conv shape. */
export function convOut(g: ConvShape): { OH: number; OW: number } {
  return { OH: Math.floor((g.H + 2 * g.p - g.KH) / g.s) + 1, OW: Math.floor((g.W + 2 * g.p - g.KW) / g.s) + 1 };
}
