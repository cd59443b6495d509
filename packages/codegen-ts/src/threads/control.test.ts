/**
 * The claim loop alone (one thread, a plain control block): guided claims must cover a job's rows
 * exactly once, in order, each claim a share of what is left (the last ones a single chunk), count
 * every chunk in DONE, and leave a job of another tag alone.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ARG_M, CONTROL_INTS, DONE, FN, LIMIT, MODE, NEXT, ROW_END, ROWS, SHARE, TAG_SHIFT, claimBody } from "./control.ts";

type Claim = (ctl: Int32Array, vals: Float64Array, fns: readonly ((...a: number[]) => void)[], faults: unknown[]) => number;
/** The generated claim loop's own text, as the classes and workers run it. */
const claim = runInThisContext(`(function claim(ctl, vals, fns, faults) {\n${claimBody("").join("\n")}\n})`) as Claim;

/** Runs one mode-1 job of `rows` rows in chunks of `per` rows on this thread alone; returns each kernel call's row range, and the control block. */
function runJob(rows: number, per: number, share: number, tag = 5): { ranges: [number, number][]; ran: number; ctl: Int32Array } {
  const ctl = new Int32Array(CONTROL_INTS);
  const vals = new Float64Array(ctl.buffer);
  const chunks = Math.ceil(rows / per);
  ctl[SHARE] = share;
  ctl[FN] = 0;
  ctl[MODE] = 1;
  ctl[ROWS] = per;
  ctl[ARG_M] = rows;
  ctl[ROW_END] = rows;
  ctl[LIMIT] = (tag << TAG_SHIFT) | chunks;
  ctl[NEXT] = tag << TAG_SHIFT;
  const ranges: [number, number][] = [];
  const kernel = (...a: number[]): void => {
    ranges.push([a[7]!, a[8]!]);
  };
  const ran = claim(ctl, vals, [kernel], []);
  return { ranges, ran, ctl };
}

describe("guided claims", () => {
  it("cover every row once, in order, each claim a quarter of what is left with two threads", () => {
    const { ranges, ran, ctl } = runJob(512, 4, 4);
    expect(ran).toBe(128);
    expect(ctl[DONE]).toBe(128);
    expect(ranges[0]).toEqual([0, 128]);
    expect(ranges[1]).toEqual([128, 224]);
    let end = 0;
    for (const [r0, r1] of ranges) {
      expect(r0).toBe(end);
      expect(r1).toBeGreaterThan(r0);
      end = r1;
    }
    expect(end).toBe(512);
    const sizes = ranges.map(([a, b]) => b - a);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes.slice(-3)).toEqual([4, 4, 4]);
  });

  it("clamp the last claim to the job's end (rows not a multiple of the chunk)", () => {
    const { ranges, ran } = runJob(100, 8, 4);
    expect(ran).toBe(13);
    expect(ranges.at(-1)![1]).toBe(100);
    expect(ranges.reduce((s, [a, b]) => s + b - a, 0)).toBe(100);
  });

  it("take one chunk a claim when fewer are left than SHARE, and none of a job with another tag", () => {
    expect(runJob(12, 4, 8).ranges).toEqual([
      [0, 4],
      [4, 8],
      [8, 12],
    ]);
    const { ctl } = runJob(16, 4, 4);
    ctl[LIMIT] = (6 << TAG_SHIFT) | 4;
    expect(claim(ctl, new Float64Array(ctl.buffer), [() => undefined], [])).toBe(0);
  });
});
