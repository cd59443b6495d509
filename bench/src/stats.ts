/** Medians and the interleaved measurement loop every workload uses. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One implementation of a workload: `prepare` runs untimed before each repetition, `run` is timed. */
export interface Contender {
  readonly key: string;
  /** Untimed: re-selects a backend, re-warms after another contender ran. */
  readonly prepare?: () => Promise<void> | void;
  /** Runs `iters` iterations of the measured work (its wall time is measured). */
  readonly run: (iters: number) => void;
}

/** A contender in another process (PyTorch): it times `iters` iterations itself and resolves with the seconds. */
export interface TimedContender {
  readonly key: string;
  readonly prepare?: () => Promise<void> | void;
  readonly timed: (iters: number) => Promise<number>;
}

async function seconds(c: Contender | TimedContender, n: number): Promise<number> {
  if ("timed" in c) return c.timed(n);
  const t0 = performance.now();
  c.run(n);
  return (performance.now() - t0) / 1000;
}

export interface InterleaveOptions {
  readonly reps: number;
  /** Iterations per timed repetition, by contender key. */
  readonly iters: (key: string) => number;
  /** Work per iteration in the reported unit (samples for a training step, FLOP/1e9 for a matmul). */
  readonly workPerIter: number;
  /** Seconds to wait after a contender in another process (BenchConfig.settleSeconds). */
  readonly settleSeconds: number;
}

/**
 * Runs rep 1 of A, B, C, then rep 2 of A, B, C, … (so machine noise hits every contender alike) and
 * returns each contender's median rate (work per second) over the repetitions.
 */
export async function interleave(contenders: readonly (Contender | TimedContender)[], opts: InterleaveOptions): Promise<Map<string, number>> {
  const rates = await interleaveRates(contenders, opts);
  return new Map([...rates].map(([k, v]) => [k, median(v)]));
}

/** interleave's repetitions: each contender's rate (work per second) in every repetition, in order. */
export async function interleaveRates(contenders: readonly (Contender | TimedContender)[], opts: InterleaveOptions): Promise<Map<string, number[]>> {
  const rates = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
  for (let r = 0; r < opts.reps; r++) {
    for (const c of contenders) {
      await c.prepare?.();
      const n = opts.iters(c.key);
      const s = await seconds(c, n);
      rates.get(c.key)!.push((n * opts.workPerIter) / s);
      if ("timed" in c && opts.settleSeconds > 0) await new Promise((r) => setTimeout(r, 1000 * opts.settleSeconds));
    }
  }
  return rates;
}

/**
 * Each contender's median and its lowest and highest repetition, in the reported unit (`toUnit` maps a
 * rate to it: a cost such as ms/step reverses the order, so low and high are taken after the mapping).
 */
export function summarize(rates: ReadonlyMap<string, readonly number[]>, toUnit: (rate: number) => number): { medians: Record<string, number>; spread: Record<string, readonly [number, number]> } {
  const medians: Record<string, number> = {};
  const spread: Record<string, readonly [number, number]> = {};
  for (const [k, v] of rates) {
    const u = v.map(toUnit);
    medians[k] = toUnit(median(v));
    spread[k] = [Math.min(...u), Math.max(...u)];
  }
  return { medians, spread };
}

/** The note listing each contender's lowest–highest repetition (3 significant digits), e.g. "repetitions, lowest–highest: nnc 9.91–14.1, torch-1t 10.1–12.6 ms/step". */
export function spreadNote(spread: Readonly<Record<string, readonly [number, number]>>, unit: string): string {
  const g = (x: number): string => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3));
  return `repetitions, lowest–highest: ${Object.entries(spread).map(([k, [lo, hi]]) => `${k} ${g(lo)}–${g(hi)}`).join(", ")} ${unit}`;
}

/** Median wall time in milliseconds of `reps` calls to `f` after one untimed call. */
export function medianMs(reps: number, f: () => void): number {
  f();
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}
