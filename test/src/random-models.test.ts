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
import { mulberry32, tensor, type Tensor } from "@nnc/ops";

interface Value {
  readonly name: string;
  readonly width: number;
}

/** One statement: given the values so far (all f32[B, width]), an expression and its width. */
type Step = (vals: readonly Value[], pick: (n: number) => number, params: string[], k: number) => { expr: string; width: number };

const unary = ["relu", "tanh", "sigmoid", "softplus", "abs", "neg", "exp"];

const STEPS: Step[] = [
  (v, pick) => {
    const a = v[pick(v.length)]!;
    const f = unary[pick(unary.length)]!;
    return { expr: f === "exp" ? `exp(tanh(${a.name}))` : `${f}(${a.name})`, width: a.width };
  },
  (v, pick, params, k) => {
    const a = v[pick(v.length)]!;
    const out = 2 + pick(4);
    params.push(`param W${k}: f32[${a.width}, ${out}] = normal(std = 0.5)`, `param c${k}: f32[${out}] = uniform(-0.5, 0.5)`);
    return { expr: `${a.name} @ W${k} + c${k}`, width: out };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    const same = v.filter((x) => x.width === a.width);
    const b = same[pick(same.length)]!;
    const op = ["+", "-", "*"][pick(3)]!;
    return { expr: `${a.name} ${op} ${b.name}`, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    const same = v.filter((x) => x.width === a.width);
    const b = same[pick(same.length)]!;
    return { expr: [`maximum(${a.name}, ${b.name})`, `minimum(${a.name}, ${b.name})`, `${a.name} / (softplus(${b.name}) + 1)`][pick(3)]!, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    const r = ["sum", "mean", "max", "logsumexp"][pick(4)]!;
    return { expr: `${a.name} - ${r}(${a.name}, axis = 1, keepdims = true)`, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    return { expr: [`softmax(${a.name})`, `log_softmax(${a.name}, axis = -1)`, `${a.name} ^ 2`, `sqrt(softplus(${a.name}) + 0.5)`, `log(sigmoid(${a.name}) + 0.1)`][pick(5)]!, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    const b = v[pick(v.length)]!;
    return { expr: `concat([${a.name}, ${b.name}], axis = 1)`, width: a.width + b.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    return { expr: `transpose(transpose(${a.name}) * 0.5)`, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    return { expr: `where(${a.name} > 0, ${a.name}, 0.1 * ${a.name})`, width: a.width };
  },
  (v, pick) => {
    const a = v[pick(v.length)]!;
    return { expr: [`dropout(${a.name}, p = 0.3)`, `leaky_relu(${a.name}, alpha = 0.2)`, `stop_gradient(${a.name}) * ${a.name}`][pick(3)]!, width: a.width };
  },
];

/** A random program (deterministic in `seed`) and its loss kind. */
function program(seed: number, steps: number): string {
  const rand = mulberry32(seed);
  const pick = (n: number): number => Math.floor(rand() * n);
  const vals: Value[] = [{ name: "x", width: 3 }];
  const params: string[] = [];
  const body: string[] = [];
  for (let k = 0; k < steps; k++) {
    const s = STEPS[pick(STEPS.length)]!(vals, pick, params, k);
    body.push(`h${k} = ${s.expr}`);
    vals.push({ name: `h${k}`, width: s.width });
  }
  const last = vals[vals.length - 1]!;
  params.push(`param Wo: f32[${last.width}, 4] = normal(std = 0.5)`);
  const useCe = pick(2) === 0;
  return `dim B
model R(x: f32[B, 3]) -> (out: f32[B, 4]) {
  ${params.join("\n  ")}
  ${body.join("\n  ")}
  out = ${last.name} @ Wo
}
train R {
  ${useCe ? "input label: i32[B]" : "input t: f32[B, 4]"}
  loss = ${useCe ? "mean(cross_entropy(out, label))" : ["mean((out - t) ^ 2)", "sum((out - t) ^ 2) / 8"][pick(2)]!}
  optimizer = sgd(lr = 0.1)
}
`;
}

function feedsFor(src: string, seed: number): Record<string, Tensor> {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const rows = 3;
  const feeds: Record<string, Tensor> = { x: tensor([rows, 3], Array.from({ length: rows * 3 }, () => 2 * rand() - 1)) };
  if (src.includes("input label")) feeds["label"] = tensor([rows], Array.from({ length: rows }, () => Math.floor(rand() * 4)));
  else feeds["t"] = tensor([rows, 4], Array.from({ length: rows * 4 }, () => 2 * rand() - 1));
  return feeds;
}

function flat(v: unknown): number[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v as number];
}

describe("random core-language models", { timeout: 300_000 }, () => {
  it("generated code equals the interpreter (f64 ≤ 1e-9, f32 ≤ 1e-4) and the interpreter equals central differences", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 6 }), (seed, steps) => {
        const src = program(seed, steps);
        for (const dtype of ["f64", "f32"] as const) {
          const checked = checkSource("random.nn", src, { dtype });
          expect(checked.diagnostics.filter((d) => d.severity === "error"), src).toEqual([]);
          const model = checked.lowered[0]!;
          const grad = gradient(model, model.train!.loss);
          const feeds = { ...feedsFor(src, seed), ...initParams(model.graph, seed) };
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
