import { it } from "vitest";
import { codes, parseText } from "./test-helpers.ts";
const V02_PROGRAM = `dim B, T, I, H, C

## An LSTM cell with two results.
block lstm_cell(x: f32[B, I], h: f32[B, H], c: f32[B, H]) -> (h: f32[B, H], c: f32[B, H]) {
  param Wx: f32[I, 4 * H]
  param Wh: f32[H, 4 * H]
  param b:  f32[4 * H]
  (i, f, g, o) = split(x @ Wx + h @ Wh + b, 4, axis = -1)
  c2 = sigmoid(f) * c + sigmoid(i) * tanh(g)
  return (sigmoid(o) * tanh(c2), c2)
}

block norm(x: f32[B, C]) -> f32[B, C] {
  buffer mean_run: f32[C] = zeros()
  m = mean(x, axis = 0)
  next mean_run = 0.9 * mean_run + 0.1 * stop_gradient(m)
  mu = where(training, m, mean_run)
  return x - mu
}

model Seq(xs: f32[B, T, I], h0: f32[B, H], c0: f32[B, H]) -> (y: f32[B, C]) {
  (hs, cs) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)
  last = hs[:, -1]
  h1 = dense(last[..., 0:H], C)
  z = h1 |> repeat(norm, times = 2)
  y = z[1:B, :] + 0 * sum(h1.W ^ 2) + 0 * sum(z.0.mean_run)
}

train Seq {
  input label: i32[B]
  loss = mean(cross_entropy(y, label)) + 1e-4 * sum(h1.W ^ 2)
}
`;

it("del", () => {
  for (let at = 0; at < V02_PROGRAM.length; at++) {
    const t = V02_PROGRAM.slice(0, at) + V02_PROGRAM.slice(at + 1);
    const r = parseText(t);
    if (r.diagnostics.length > 2) console.log("POS", at, JSON.stringify(V02_PROGRAM.slice(Math.max(0, at - 10), at)) + "<" + V02_PROGRAM[at] + ">", codes(r).join(" "), r.diagnostics.map((d) => d.message).join(" | "));
  }
});
