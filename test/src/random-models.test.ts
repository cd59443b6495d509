/**
 * Models nobody wrote by hand: fast-check builds random well-typed `.nn` programs from the core
 * language (elementwise ops with broadcasting, matmuls with parameters, reductions, normalisers,
 * shape functions, losses), and for each the generated code's loss and gradients must equal the
 * float64 interpreter's, and the interpreter's gradients must match central differences.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSource, gradient } from "@nnc/compiler";
import { evaluateWithTs, shippedClass } from "@nnc/cli";
import { interpret } from "@nnc/interp";
import { initParams } from "@nnc/interp";
import { mulberry32, type Tensor } from "@nnc/ops";
import { randomFeeds, randomProgram } from "./random-model-gen.ts";

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

describe("random core-language models", { timeout: 300_000 }, () => {
  it("generated code equals the interpreter (f64 ≤ 1e-9, f32 ≤ 1e-4) and the interpreter equals central differences", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 6 }), (seed, steps) => {
        const src = randomProgram(seed, steps);
        for (const dtype of ["f64", "f32"] as const) {
          const checked = checkSource("random.nn", src, { dtype });
          expect(checked.diagnostics.filter((d) => d.severity === "error"), src).toEqual([]);
          const model = checked.lowered[0]!;
          const grad = gradient(model, model.train!.loss);
          const feeds = { ...randomFeeds(src, seed), ...initParams(model.graph, seed) };
          const ref = interpret(grad.graph, feeds, { roundF32: dtype === "f32" });
          // The class `nnc compile` ships (compile() from the optimized graph), as `nnc eval --backend ts` runs it.
          const cls = shippedClass(src, "random.nn", model, feeds, dtype);
          if (!cls.ok) throw new Error(cls.compilation.diagnostics.map((d) => d.message).join("\n"));
          const ts = evaluateWithTs(cls, feeds, true);
          const tol = dtype === "f64" ? 1e-9 : 1e-4;
          const close = (a: number, b: number, what: string): void => {
            expect(Math.abs(a - b) / Math.max(1, Math.abs(b)), `${what} (${dtype})\n${src}`).toBeLessThanOrEqual(tol);
          };
          close(ts.loss!, ref.get(model.train!.loss)!.data[0]!, "loss");
          for (const [w, id] of Object.entries(grad.grads)) {
            const got = flat(ts.grads![w]);
            const want = ref.get(id)!.data;
            got.forEach((g, i) => { close(g, want[i]!, `d${w}[${i}]`); });
          }
          // stop_gradient makes the gradient differ from the function's derivative on purpose, so
          // central differences are no oracle for programs that use it.
          if (dtype === "f64" && !src.includes("stop_gradient")) {
            // Central differences on a few parameter entries (the kinks of relu/abs/max are
            // measure-zero for random inputs; a sample landing within eps of one is skipped).
            const lossOf = (f: Record<string, Tensor>): number => interpret(model.graph, f).get(model.train!.loss)!.data[0]!;
            const rand = mulberry32(seed);
            for (const [w, id] of Object.entries(grad.grads).slice(0, 3)) {
              const p = feeds[w]!;
              const i = Math.floor(rand() * p.data.length);
              const eps = 1e-6;
              const bump = (delta: number): number => {
                const data = Float64Array.from(p.data);
                data[i]! += delta;
                return lossOf({ ...feeds, [w]: { shape: p.shape, data } });
              };
              const fd = (bump(eps) - bump(-eps)) / (2 * eps);
              const an = ref.get(id)!.data[i]!;
              expect(Math.abs(fd - an), `d${w}[${i}] vs central difference\n${src}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(an)));
            }
          }
        }
      }),
      // A fixed seed keeps CI reproducible; set NNC_FUZZ_SEED to explore other programs.
      { numRuns: 40, seed: Number(process.env["NNC_FUZZ_SEED"] ?? 20261126) },
    );
  });
});
