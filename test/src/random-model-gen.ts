/**
 * The random `.nn` program generator shared by the random-model suites (interpreter vs generated
 * code, ONNX Runtime, PyTorch): well-typed programs from the core language — elementwise ops with
 * broadcasting, matmuls with parameters, reductions, normalisers, shape functions, losses.
 */
import fc from "fast-check";
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
export function randomProgram(seed: number, steps: number): string {
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

/** Seeded inputs for a random program: `x` and its train input (`label` or `t`), `rows` rows. */
export function randomFeeds(src: string, seed: number, rows = 3): Record<string, Tensor> {
  const rand = mulberry32(seed ^ 0x9e3779b9);
  const feeds: Record<string, Tensor> = { x: tensor([rows, 3], Array.from({ length: rows * 3 }, () => 2 * rand() - 1)) };
  if (src.includes("input label")) feeds["label"] = tensor([rows], Array.from({ length: rows }, () => Math.floor(rand() * 4)));
  else feeds["t"] = tensor([rows, 4], Array.from({ length: rows * 4 }, () => 2 * rand() - 1));
  return feeds;
}

/** fast-check arbitrary of (seed, steps) pairs for `randomProgram`. */
export const randomModelArb = fc.tuple(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 6 }));
