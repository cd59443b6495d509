import { describe, expect, it } from "vitest";
import { isParseError, parseGraph, printGraph, type Graph } from "@nnc/ir";
import { tensor } from "@nnc/ops";
import { interpret } from "@nnc/interp";
import { DEFAULT_PIPELINE, runPipeline } from "@nnc/passes";

// A two-layer perceptron and its backward graph as the differentiation pass printed it (reviewed by hand).
const BEFORE = `graph Mlp dims(B) {
  input x: f64[B, 4] {role="model"}
  input label: i32[B] {role="train"}
  param W1: f64[4, 5] = glorot_uniform()
  param b1: f64[5] = zeros()
  param W2: f64[5, 3]
  %0: f64[B, 5] = matmul(x, W1)                            # mnist-mlp.nn:10:12-30
  %1: f64[B, 5] = broadcast(b1) {shape=[B, 5]}             # mnist-mlp.nn:10:12-30
  %2: f64[B, 5] = add(%0, %1)                              # mnist-mlp.nn:10:12-30
  h: f64[B, 5] = relu(%2)                                  # mnist-mlp.nn:10:12-30
  logits: f64[B, 3] = matmul(h, W2)
  %3: f64[B] = cross_entropy(logits, label)
  loss: f64[] = reduce_mean(%3) {axes=[0], keepdims=false}
  # backward
  dloss: f64[] = const() {value=1}                         # ← seed of loss
  %4: f64[1] = reshape(dloss) {shape=[1]}                  # ← reduce_mean.vjp.0 of loss
  %5: f64[B] = broadcast(%4) {shape=[B]}                   # ← reduce_mean.vjp.0 of loss
  %6: f64[] = dimsize() {dims=[B], dtype="f64"}            # ← reduce_mean.vjp.0 of loss
  %7: f64[B] = broadcast(%6) {shape=[B]}                   # ← reduce_mean.vjp.0 of loss
  %8: f64[B] = div(%5, %7)                                 # ← reduce_mean.vjp.0 of loss
  %9: f64[B, 3] = softmax(logits) {axis=1}                 # ← cross_entropy.vjp.0 of %3
  %10: f64[B, 3] = one_hot(label) {classes=3, dtype="f64"} # ← cross_entropy.vjp.0 of %3
  %11: f64[B, 1] = reshape(%8) {shape=[B, 1]}              # ← cross_entropy.vjp.0 of %3
  %12: f64[B, 3] = broadcast(%11) {shape=[B, 3]}           # ← cross_entropy.vjp.0 of %3
  %13: f64[B, 3] = sub(%9, %10)                            # ← cross_entropy.vjp.0 of %3
  dlogits: f64[B, 3] = mul(%12, %13)                       # ← cross_entropy.vjp.0 of %3
  dh: f64[B, 5] = matmul(dlogits, W2) {transB=true}        # ← matmul.vjp.0 of logits
  dW2: f64[5, 3] = matmul(h, dlogits) {transA=true}        # ← matmul.vjp.1 of logits
  %17: f64[B, 5] = const() {value=0}                       # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  %18: bool[B, 5] = gt(%2, %17)                            # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  %19: f64[B, 5] = const() {value=0}                       # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  %20: f64[B, 5] = where(%18, dh, %19)                     # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  db1: f64[5] = reduce_sum(%20) {axes=[0], keepdims=false} # mnist-mlp.nn:10:12-30 ← broadcast.vjp.0 of %1
  dW1: f64[4, 5] = matmul(x, %20) {transA=true}            # mnist-mlp.nn:10:12-30 ← matmul.vjp.1 of %0
  return logits, loss, dW1, db1, dW2
}
`;

// The seed's reshape+broadcast folds to a constant, the duplicate zero merges, the dead seed goes.
const AFTER = `graph Mlp dims(B) {
  input x: f64[B, 4] {role="model"}
  input label: i32[B] {role="train"}
  param W1: f64[4, 5] = glorot_uniform()
  param b1: f64[5] = zeros()
  param W2: f64[5, 3]
  %0: f64[B, 5] = matmul(x, W1)                            # mnist-mlp.nn:10:12-30
  %1: f64[B, 5] = broadcast(b1) {shape=[B, 5]}             # mnist-mlp.nn:10:12-30
  %2: f64[B, 5] = add(%0, %1)                              # mnist-mlp.nn:10:12-30
  h: f64[B, 5] = relu(%2)                                  # mnist-mlp.nn:10:12-30
  logits: f64[B, 3] = matmul(h, W2)
  %3: f64[B] = cross_entropy(logits, label)
  loss: f64[] = reduce_mean(%3) {axes=[0], keepdims=false}
  # backward
  %5: f64[B] = const() {value=1}                           # ← reduce_mean.vjp.0 of loss
  %6: f64[] = dimsize() {dims=[B], dtype="f64"}            # ← reduce_mean.vjp.0 of loss
  %7: f64[B] = broadcast(%6) {shape=[B]}                   # ← reduce_mean.vjp.0 of loss
  %8: f64[B] = div(%5, %7)                                 # ← reduce_mean.vjp.0 of loss
  %9: f64[B, 3] = softmax(logits) {axis=1}                 # ← cross_entropy.vjp.0 of %3
  %10: f64[B, 3] = one_hot(label) {classes=3, dtype="f64"} # ← cross_entropy.vjp.0 of %3
  %11: f64[B, 1] = reshape(%8) {shape=[B, 1]}              # ← cross_entropy.vjp.0 of %3
  %12: f64[B, 3] = broadcast(%11) {shape=[B, 3]}           # ← cross_entropy.vjp.0 of %3
  %13: f64[B, 3] = sub(%9, %10)                            # ← cross_entropy.vjp.0 of %3
  dlogits: f64[B, 3] = mul(%12, %13)                       # ← cross_entropy.vjp.0 of %3
  dh: f64[B, 5] = matmul(dlogits, W2) {transB=true}        # ← matmul.vjp.0 of logits
  dW2: f64[5, 3] = matmul(h, dlogits) {transA=true}        # ← matmul.vjp.1 of logits
  %17: f64[B, 5] = const() {value=0}                       # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  %18: bool[B, 5] = gt(h, %17)                             # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  %20: f64[B, 5] = where(%18, dh, %17)                     # mnist-mlp.nn:10:12-30 ← relu.vjp.0 of h
  db1: f64[5] = reduce_sum(%20) {axes=[0], keepdims=false} # mnist-mlp.nn:10:12-30 ← broadcast.vjp.0 of %1
  dW1: f64[4, 5] = matmul(x, %20) {transA=true}            # mnist-mlp.nn:10:12-30 ← matmul.vjp.1 of %0
  return logits, loss, dW1, db1, dW2
}
`;

function parse(text: string): Graph {
  const g = parseGraph(text);
  if (isParseError(g)) throw new Error(`${g.error} at ${g.line}:${g.column}`);
  return g;
}

describe("the default pipeline on a differentiated MLP", () => {
  it("gives the reviewed text and the same values and gradients", () => {
    const g = parse(BEFORE);
    expect(printGraph(g)).toBe(BEFORE);
    const opt = runPipeline(g, DEFAULT_PIPELINE, { verify: true });
    expect(printGraph(opt)).toBe(AFTER);
    const seq = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
    const feeds = {
      x: tensor([3, 4], seq(12, (i) => Math.sin(2 * i + 1))),
      label: tensor([3], [1, 2, 0]),
      W1: tensor([4, 5], seq(20, Math.sin)),
      b1: tensor([5], [0.1, 0, -0.1, 0.2, 0]),
      W2: tensor([5, 3], seq(15, Math.cos)),
    };
    const before = interpret(g, feeds);
    const after = interpret(opt, feeds);
    for (const o of g.outputs) expect([...after.get(o.id)!.data]).toEqual([...before.get(o.id)!.data]);
  });
});
