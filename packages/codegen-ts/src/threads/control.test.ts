/**
 * The claim loop alone (plain control blocks, claims made in a known order): guided claims from either
 * end must cover a job's rows exactly once — the calling thread's ascending from the first row, a
 * worker's descending from the last — each claim a share of what is left (the last ones a single
 * chunk), count every chunk in DONE, and leave a job of another tag alone.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ARG_M, CONTROL_INTS, DONE, FN, LIMIT, MODE, NEXT, NEXT_TAG_SHIFT, ROW_END, ROWS, SHARE, TAG_SHIFT, claimBody } from "./control.ts";

type Claim = (ctl: Int32Array, vals: Float64Array, fns: readonly ((...a: number[]) => void)[], faults: unknown[]) => number;
/** The generated claim loops' own text, as the classes (front) and workers (back) run them. */
const claimOf = (end: "front" | "back"): Claim => runInThisContext(`(function claim(ctl, vals, fns, faults) {\n${claimBody("", end).join("\n")}\n})`) as Claim;
const claim = claimOf("front");
const claimBack = claimOf("back");

/** A mode-1 job of `rows` rows in chunks of `per` rows, published as the calling thread does. */
function publish(rows: number, per: number, share: number, tag: number): Int32Array {
  const ctl = new Int32Array(CONTROL_INTS);
  const chunks = Math.ceil(rows / per);
  ctl[SHARE] = share;
  ctl[FN] = 0;
  ctl[MODE] = 1;
  ctl[ROWS] = per;
  ctl[ARG_M] = rows;
  ctl[ROW_END] = rows;
  ctl[LIMIT] = (tag << TAG_SHIFT) | chunks;
  ctl[NEXT] = (tag << NEXT_TAG_SHIFT) | chunks;
  return ctl;
}

/** Runs one job on this thread alone, claiming from `end`; returns each kernel call's row range, and the control block. */
function runJob(rows: number, per: number, share: number, tag = 5, end: "front" | "back" = "front"): { ranges: [number, number][]; ran: number; ctl: Int32Array } {
  const ctl = publish(rows, per, share, tag);
  const vals = new Float64Array(ctl.buffer);
  const ranges: [number, number][] = [];
  const kernel = (...a: number[]): void => {
    ranges.push([a[7]!, a[8]!]);
  };
  const ran = (end === "front" ? claim : claimBack)(ctl, vals, [kernel], []);
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
    const ctl = publish(16, 4, 4, 5);
    ctl[LIMIT] = (6 << TAG_SHIFT) | 4;
    expect(claim(ctl, new Float64Array(ctl.buffer), [() => undefined], [])).toBe(0);
    expect(claimBack(ctl, new Float64Array(ctl.buffer), [() => undefined], [])).toBe(0);
    // NEXT keeps the tag mod 2048: job 2053's claims are job 5's.
    ctl[LIMIT] = (2053 << TAG_SHIFT) | 4;
    expect(claim(ctl, new Float64Array(ctl.buffer), [() => undefined], [])).toBe(4);
  });

  it("from the back (a worker) cover every row once, descending from the last, the same shares", () => {
    const { ranges, ran, ctl } = runJob(512, 4, 4, 5, "back");
    expect(ran).toBe(128);
    expect(ctl[DONE]).toBe(128);
    expect(ranges.slice(0, 2)).toEqual([
      [384, 512],
      [288, 384],
    ]);
    let start = 512;
    for (const [r0, r1] of ranges) {
      expect(r1).toBe(start);
      start = r0;
    }
    expect(start).toBe(0);
    expect(ranges.slice(-3).map(([a, b]) => b - a)).toEqual([4, 4, 4]);
  });

  it("from both ends meet without a gap or an overlap: the caller keeps the first rows, the worker the last", () => {
    const ctl = publish(100, 4, 4, 9);
    const vals = new Float64Array(ctl.buffer);
    const claims: ["front" | "back", number, number][] = [];
    // Strictly alternating claims: each kernel call lets the other end claim (and run) before it returns.
    const front = (...a: number[]): void => {
      claims.push(["front", a[7]!, a[8]!]);
      claimBack(ctl, vals, [back], []);
    };
    const back = (...a: number[]): void => {
      claims.push(["back", a[7]!, a[8]!]);
      claim(ctl, vals, [front], []);
    };
    claim(ctl, vals, [front], []);
    // 25 chunks of 4 rows, SHARE 4: 6 from the front, 4 of the 19 left from the back, 3 of 15 from the front, ...
    expect(claims.slice(0, 4)).toEqual([
      ["front", 0, 24],
      ["back", 84, 100],
      ["front", 24, 36],
      ["back", 72, 84],
    ]);
    const rowsOf = (end: string): [number, number][] => claims.filter(([e]) => e === end).map(([, a, b]) => [a, b]);
    const [fromFront, fromBack] = [rowsOf("front"), rowsOf("back")];
    expect(fromFront.every(([a], i) => i === 0 || a === fromFront[i - 1]![1])).toBe(true);
    expect(fromBack.every(([, b], i) => i === 0 || b === fromBack[i - 1]![0])).toBe(true);
    expect([fromFront[0]![0], fromFront.at(-1)![1], fromBack.at(-1)![0], fromBack[0]![1]]).toEqual([0, 56, 56, 100]);
    expect(ctl[DONE]).toBe(25);
  });
});
