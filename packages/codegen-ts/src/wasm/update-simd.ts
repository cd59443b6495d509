/**
 * The optimizer updates as WebAssembly SIMD kernels, two parameters per step in f64x2: each f32 element
 * is promoted to f64, the update runs in f64 in exactly the order of the generated JS loop (optimizer.ts
 * with the element formulas of @nnc/ops), and every array element is rounded to f32 where the JS loop
 * stores it (a state value read back after its store is the rounded one, as the JS loop reads it
 * back). So a kernel's result is bit-identical to the JS loop's. Hyperparameters are f64 params,
 * computed by the caller with the JS loop's own expressions (e.g. `1 - 0.9`).
 * Each kernel covers elements i < n − n % 2 (byte addresses, 4-byte aligned); the caller's JS loop
 * does the last element when n is odd. Every kernel's last f64 param, gs, scales the gradient as it is
 * read, g = gs·g (in f64, as the JS loop's `_g = _clip * g`): the global-norm clip's factor, or 1
 * where nothing clips (1·g is g exactly, NaN and ±0 included).
 *   sgd(w, g, n, lr)                      w −= lr·g
 *   sgdL2(w, g, n, lr, wd)                d = g + wd·w; w −= lr·d
 *   momentum(w, g, b, n, lr, mu)          b = mu·b + g; w −= lr·b
 *   momentumL2(w, g, b, n, lr, mu, wd)    d = g + wd·w; b = mu·b + d; w −= lr·b
 *   nesterov(w, g, b, n, lr, mu)          b = mu·b + g; w −= lr·(g + mu·b)
 *   nesterovL2(w, g, b, n, lr, mu, wd)    d = g + wd·w; b = mu·b + d; w −= lr·(d + mu·b)
 *   adam(w, g, m, v, n, b1, c1, b2, c2, stepSize, bc2Sqrt, eps)   (c1 = 1 − b1, c2 = 1 − b2)
 *       m = b1·m + c1·d; v = b2·v + (c2·d)·d; w −= stepSize·(m / (√v / bc2Sqrt + eps)), d = g
 *   adamL2(…, eps, wd)                    the same with d = g + wd·w
 *   adamDecoupled(…, eps, shrink)         w = w·shrink (stored) first, then adam with d = g
 */
import { F64, I32, op, V128, type WasmFunction } from "./encode.ts";

type Decay = "none" | "l2" | "decoupled";
type Rule = "sgd" | "momentum" | "nesterov" | "adam";

interface Variant {
  readonly name: string;
  readonly rule: Rule;
  readonly decay: Decay;
}

export const UPDATE_VARIANTS: readonly Variant[] = [
  { name: "sgd", rule: "sgd", decay: "none" },
  { name: "sgdL2", rule: "sgd", decay: "l2" },
  { name: "momentum", rule: "momentum", decay: "none" },
  { name: "momentumL2", rule: "momentum", decay: "l2" },
  { name: "nesterov", rule: "nesterov", decay: "none" },
  { name: "nesterovL2", rule: "nesterov", decay: "l2" },
  { name: "adam", rule: "adam", decay: "none" },
  { name: "adamL2", rule: "adam", decay: "l2" },
  { name: "adamDecoupled", rule: "adam", decay: "decoupled" },
];

/** The array params of a rule, in order (each a byte address). */
function arrays(rule: Rule): string[] {
  return rule === "sgd" ? ["w", "g"] : rule === "adam" ? ["w", "g", "m", "v"] : ["w", "g", "b"];
}

/** The f64 params of a variant, in order. */
function scalars(v: Variant): string[] {
  const base = v.rule === "sgd" ? ["lr"] : v.rule === "adam" ? ["b1", "c1", "b2", "c2", "stepSize", "bc2Sqrt", "eps"] : ["lr", "mu"];
  return [...(v.decay === "none" ? base : [...base, v.decay === "l2" ? "wd" : "shrink"]), "gs"];
}

/** The argument names of export `name` (arrays, n, then the f64 scalars), for callers. */
export function updateParams(name: string): string[] {
  const v = UPDATE_VARIANTS.find((x) => x.name === name);
  if (v === undefined) throw new Error(`no update kernel ${name}`);
  return [...arrays(v.rule), "n", ...scalars(v)];
}

function updateKernel(v: Variant): WasmFunction {
  const arr = arrays(v.rule);
  const sc = scalars(v);
  const N = arr.length;
  const param = (name: string): number => {
    const a = arr.indexOf(name);
    if (a >= 0) return a;
    const s = sc.indexOf(name);
    if (s < 0) throw new Error(`update kernel ${v.name}: no parameter ${name}`);
    return N + 1 + s;
  };
  const nParams = N + 1 + sc.length;
  // Locals: i32 O (byte offset), END; v128 splat of each scalar, then temporaries.
  const O = nParams;
  const END = nParams + 1;
  const splat = (name: string): number => nParams + 2 + sc.indexOf(name);
  const TMP = nParams + 2 + sc.length;
  const [W, D, R0, R1] = [TMP, TMP + 1, TMP + 2, TMP + 3];
  const body: number[] = [];
  const emit = (...xs: (readonly number[])[]): void => {
    for (const x of xs) body.push(...x);
  };
  /** Pushes the f64x2 of the two f32 at array `name`, element pair O. */
  const load = (name: string): number[] => [...op.get(param(name)), ...op.get(O), ...op.add, ...op.v128Load64Zero(0), ...op.f64x2PromoteLow];
  const s = (name: string): number[] => op.get(splat(name));
  /** Stores the f64x2 on the stack, rounded, to array `name` and leaves the rounded value in local `into`. */
  const store = (name: string, into: number): void => {
    emit(op.f32x4DemoteZero, op.set(into), op.get(param(name)), op.get(O), op.add, op.get(into), op.v128Store64Lane0(0), op.get(into), op.f64x2PromoteLow, op.set(into));
  };
  for (const name of sc) emit(op.get(param(name)), op.f64x2Splat, op.set(splat(name)));
  emit(op.get(N), op.i32(-2), op.and, op.i32(4), op.mul, op.set(END));
  emit(op.i32(0), op.set(O), op.block, op.loop, op.get(O), op.get(END), op.geS, op.brIf(1));
  // W: the parameter as the element formulas read it (after the decoupled shrink, stored and rounded).
  if (v.decay === "decoupled") {
    emit(load("w"), s("shrink"), op.f64x2Mul);
    store("w", W);
  } else emit(load("w"), op.set(W));
  // D: the gradient the rule uses (f64, not rounded: the JS loop keeps `_g` and `_d` in locals), scaled first.
  emit(s("gs"), load("g"), op.f64x2Mul, op.set(D));
  if (v.decay === "l2") emit(op.get(D), s("wd"), op.get(W), op.f64x2Mul, op.f64x2Add, op.set(D));
  let step: number[];
  if (v.rule === "sgd") step = [...s("lr"), ...op.get(D), ...op.f64x2Mul];
  else if (v.rule === "adam") {
    emit(s("b1"), load("m"), op.f64x2Mul, s("c1"), op.get(D), op.f64x2Mul, op.f64x2Add);
    store("m", R0);
    emit(s("b2"), load("v"), op.f64x2Mul, s("c2"), op.get(D), op.f64x2Mul, op.get(D), op.f64x2Mul, op.f64x2Add);
    store("v", R1);
    step = [...s("stepSize"), ...op.get(R0), ...op.get(R1), ...op.f64x2Sqrt, ...s("bc2Sqrt"), ...op.f64x2Div, ...s("eps"), ...op.f64x2Add, ...op.f64x2Div, ...op.f64x2Mul];
  } else {
    emit(s("mu"), load("b"), op.f64x2Mul, op.get(D), op.f64x2Add);
    store("b", R0);
    step = v.rule === "momentum"
      ? [...s("lr"), ...op.get(R0), ...op.f64x2Mul]
      : [...s("lr"), ...op.get(D), ...s("mu"), ...op.get(R0), ...op.f64x2Mul, ...op.f64x2Add, ...op.f64x2Mul];
  }
  emit(op.get(W), step, op.f64x2Sub);
  store("w", R1);
  emit(op.get(O), op.i32(8), op.add, op.set(O), op.br(0), op.end, op.end);
  const params = [...arr.map(() => I32), I32, ...sc.map(() => F64)];
  const locals = [I32, I32, ...sc.map(() => V128), V128, V128, V128, V128];
  return { name: v.name, params, locals, body };
}

/** Every optimizer update kernel (./module.ts assembles them with the others). */
export function updateKernels(): WasmFunction[] {
  return UPDATE_VARIANTS.map(updateKernel);
}
