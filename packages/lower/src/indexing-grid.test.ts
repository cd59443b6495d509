/**
 * Every index of up to two items from a small vocabulary, on tensors of rank 0–3, against a reference
 * of the rules (NumPy's selection, without clamping): the result type when valid, else the codes of the
 * offending items in order. No combination may crash the checker.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./test-helpers.ts";

const ITEMS = ["0", "-1", "3", "-4", ":", "1:", ":-1", "2:1", "-2:", "...", "1.5"] as const;
const SHAPES: readonly (readonly number[])[] = [[], [4], [3, 5], [2, 3, 4]];

type Expected = { shape: number[] } | { codes: string[] };

/** A bound as written, counted from the start (negative: from the end). */
function norm(b: number, size: number): number {
  return b < 0 ? size + b : b;
}

/** What one item does to an axis of `size`: undefined = drop the axis, a number = new size, a string = error code. */
function itemEffect(item: string, size: number): number | undefined | string {
  if (item === "1.5") return "E0321";
  if (item === ":") return size;
  if (!item.includes(":")) {
    const i = norm(Number(item), size);
    return i >= 0 && i < size ? undefined : "E0318";
  }
  const [a, b] = item.split(":");
  const start = a === "" ? 0 : norm(Number(a), size);
  const end = b === "" ? size : norm(Number(b), size);
  return start >= 0 && end <= size && end - start >= 1 ? end - start : "E0319";
}

function reference(shape: readonly number[], items: readonly string[]): Expected {
  const real = items.filter((i) => i !== "...");
  if (real.length > shape.length) return { codes: ["E0320"] };
  const dots = items.indexOf("...");
  const out: (number | undefined)[] = [...shape];
  const errs: string[] = [];
  items.forEach((item, k) => {
    if (item === "...") return;
    const axis = dots < 0 || k < dots ? k : shape.length - (items.length - k);
    const e = itemEffect(item, shape[axis]!);
    if (typeof e === "string") errs.push(e);
    else out[axis] = e;
  });
  if (errs.length > 0) return { codes: errs };
  return { shape: out.filter((d): d is number => d !== undefined) };
}

function program(shape: readonly number[], items: readonly string[], result: readonly number[]): string {
  return `model M(x: f32[${shape.join(", ")}]) -> (y: f32[${result.join(", ")}]) {\n  y = x[${items.join(", ")}]\n}\n`;
}

const combos: string[][] = [...ITEMS.map((a) => [a]), ...ITEMS.flatMap((a) => ITEMS.filter((b) => !(a === "..." && b === "...")).map((b) => [a, b]))];

describe("indexing against a reference of the rules", () => {
  for (const shape of SHAPES) {
    it(`every index of one or two items on f32[${shape.join(", ")}]`, () => {
      let valid = 0;
      for (const items of combos) {
        const want = reference(shape, items);
        const got = codes(program(shape, items, "shape" in want ? want.shape : [])).map((c) => c.split(" ")[0]);
        expect(got, `x[${items.join(", ")}] on f32[${shape.join(", ")}]`).toEqual("shape" in want ? [] : want.codes);
        if ("shape" in want) valid++;
      }
      // The grid exercises both outcomes on every non-scalar shape.
      if (shape.length > 0) expect(valid).toBeGreaterThan(5);
    });
  }
});
