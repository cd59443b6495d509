import { describe, expect, it, test } from "vitest";
import { confusion, probabilitiesRow, softmaxRow, worstConfusion } from "./confusion.ts";
import { contrast, MIN_CONTRAST, readableCell, shade, WHITE } from "./contrast.ts";
import { centreOfMass, inkBounds, mnistImage, SIDE } from "./digit-image.ts";
import { signColour } from "./paint.ts";

/** A w×h blank image with ink 1 on the rectangle [x0, x1) × [y0, y1). */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): { w: number; h: number; data: Float32Array } {
  const data = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = 1;
  return { w, h, data };
}

describe("mnistImage", () => {
  test("a blank drawing stays blank", () => {
    expect(inkBounds(rect(10, 10, 0, 0, 0, 0))).toBeNull();
    expect(mnistImage(rect(280, 280, 0, 0, 0, 0)).every((v) => v === 0)).toBe(true);
  });

  test("a vertical stroke in a corner becomes a 20-pixel-tall bar whose centre of mass is (14, 14)", () => {
    // 20 px wide, 200 px tall, drawn in the top-left corner of a 280×280 canvas.
    const img = mnistImage(rect(280, 280, 10, 5, 30, 205));
    const cm = centreOfMass(img, SIDE, SIDE)!;
    expect(Math.abs(cm.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cm.y - 14)).toBeLessThanOrEqual(0.5);
    const rows = new Set<number>();
    const cols = new Set<number>();
    img.forEach((v, i) => {
      if (v > 0) {
        rows.add(Math.floor(i / SIDE));
        cols.add(i % SIDE);
      }
    });
    expect(rows.size).toBe(20);
    expect(cols.size).toBe(2); // 20 px of 200 → 2 of 20
    expect(Math.max(...img)).toBe(1);
  });

  test("ink is averaged over the area each target pixel covers", () => {
    // A 40×40 box, left half inked: 2 source columns per target pixel, so the boundary-free halves are 1 and 0.
    const img = mnistImage({ w: 40, h: 40, data: rect(40, 40, 0, 0, 40, 40).data.map((v, i) => (i % 40 < 20 ? v : 0.5)) });
    const nonZero = [...img].filter((v) => v > 0).sort();
    expect(nonZero.length).toBe(400);
    expect(nonZero[0]).toBeCloseTo(0.5, 6);
    expect(nonZero[399]).toBe(1);
  });
});

describe("confusion", () => {
  test("counts rows by (label, argmax) and sums to the number of rows", () => {
    const scores = [0.9, 0.1, 0, /* → 0 */ 0, 2, 1, /* → 1 */ 0, 3, 1, /* → 1 */ 5, 0, 0 /* → 0 */];
    const c = confusion([0, 1, 2, 0], scores, 3);
    expect([...c.counts]).toEqual([2, 0, 0, 0, 1, 0, 0, 1, 0]);
    expect(c.total).toBe(4);
    expect(c.correct).toBe(3);
    expect(worstConfusion(c)).toEqual({ label: 2, predicted: 1, count: 1 });
  });

  test("softmax rows sum to 1 and keep the order", () => {
    const p = softmaxRow([0, 0, 0, 1, 2, 3], 1, 3);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
    expect(p[2]! / p[1]!).toBeCloseTo(Math.E, 5);
  });
});

test("signColour: white at zero, the full colour at ±max", () => {
  expect(signColour(0, 1)).toEqual([255, 255, 255]);
  expect(signColour(-2, 1)).toEqual([47, 91, 211]);
  expect(signColour(1, 1)).toEqual([192, 57, 43]);
});

describe("confusion cell colours", () => {
  it("keep every count at ≥ 4.5:1 for every shade of both colours", () => {
    expect(contrast(WHITE, [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrast(WHITE, WHITE)).toBe(1);
    let lightened = 0;
    for (const full of [[47, 91, 211], [192, 57, 43]] as const) {
      for (let k = 0; k <= 100; k++) {
        const c = readableCell(full, k / 100);
        expect(c.contrast).toBeGreaterThanOrEqual(MIN_CONTRAST);
        expect(contrast(c.fill, c.text)).toBeCloseTo(c.contrast, 10);
        if (c.fill.join() !== shade(full, k / 100).join()) lightened++;
      }
      // The full colour takes white text.
      expect(readableCell(full, 1).text).toEqual(WHITE);
    }
    // The mid band the review measured (t ≈ 0.73 … 0.88) fails with both colours, so some shades were lightened.
    expect(lightened).toBeGreaterThan(0);
  });

  it("shows probabilities as they are, exp of log-probabilities, softmax of logits", () => {
    const p = [0.99, 0.01, 0, 0];
    expect(Array.from(probabilitiesRow(p, 0, 4, "probabilities"))).toEqual(Array.from(Float32Array.from(p)));
    expect(probabilitiesRow([Math.log(0.25), Math.log(0.75)], 0, 2, "log-probabilities")[1]).toBeCloseTo(0.75, 6);
    expect(probabilitiesRow([0, 0], 0, 2, "logits")[0]).toBeCloseTo(0.5, 6);
  });
});
