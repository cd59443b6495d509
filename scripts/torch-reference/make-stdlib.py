#!/usr/bin/env python3
"""PyTorch reference values for nnc's standard library of blocks (issue 12).

Writes test/reference/stdlib.json: for each case, an nnc statement calling a library block, fixed float64
inputs, the block's parameters and buffers under their nnc paths (set into the matching PyTorch module,
transposed where nnc stores `x @ W` matrices), PyTorch's outputs and, for a training step of batch
normalisation, the running statistics after it. test/src/stdlib-torch.test.ts reads the JSON (no torch at
test time) and compares nnc's float64 interpreter and its float32 generated code with it. Regenerate from
the repository root:

    /usr/bin/python3 scripts/torch-reference/make-stdlib.py

How each block maps onto PyTorch (torch 1.13):
- dense: nn.Linear, W = weight.T, b = bias.
- layer_norm: nn.LayerNorm(D), gamma = weight, beta = bias.
- rms_norm: torch 1.13 has no nn.RMSNorm, so the formula x · rsqrt(mean(x², -1) + eps) · gamma is written
  out in torch here (the definition of torch ≥ 2.4's nn.RMSNorm).
- batch_norm / batch_norm2d: nn.BatchNorm1d / nn.BatchNorm2d, gamma = weight, beta = bias, mean_run =
  running_mean, var_run = running_var; train mode (one forward: batch statistics, running stats updated
  with the unbiased variance) and eval mode (running stats).
- embedding: nn.Embedding, E = weight.
- rnn_cell / lstm_cell / gru_cell: nn.RNNCell / nn.LSTMCell / nn.GRUCell stepped over axis 1 (what nnc's
  `scan` does), Wx = weight_ih.T, Wh = weight_hh.T, b = bias_ih + bias_hh (GRU: the hidden bias of the
  candidate n stays apart as b_hn, since r multiplies it).
- multi_head_attention: nn.MultiheadAttention(D, heads, batch_first=True) called as mha(x, x, x); its
  in_proj_weight is [Wq; Wk; Wv] with each nnc matrix transposed; causal: attn_mask = triu(ones, 1) as bool.
- transformer_block: pre-norm GPT block built from those modules: h = x + mha(ln1(x)),
  y = h + fc2(gelu(fc1(ln2(h)))) (exact gelu), applied twice with separate weights (nnc's `repeat`).
"""

import json
import math
import platform
import re
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "reference" / "stdlib.json"

GEN = torch.Generator().manual_seed(12)


def rand(*shape, scale=1.0, low=None):
    """Fixed pseudo-random float64 values (uniform in [-scale, scale), or [low, low + scale) when low is given)."""
    u = torch.rand(*shape, generator=GEN)
    return (low + scale * u) if low is not None else scale * (2 * u - 1)


def compact_json(value):
    """Indented JSON with every list of scalars on one line."""
    text = json.dumps(value, indent=1)
    text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    assert json.loads(text) == value
    return text


def ls(t):
    return t.detach().tolist()


def f32(t):
    return {"dtype": "f32", "value": ls(t)}


def i32(t):
    return {"dtype": "i32", "value": ls(t)}


def randomize(module, scale=0.5):
    """Every parameter of `module` set to fixed random values (biases and gains too, so each term counts)."""
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(rand(*p.shape, scale=scale))
    return module


def case(name, block, statement, inputs, outputs, params, buffers=None, training=False, buffers_after=None):
    return {
        "name": name,
        "block": block,
        "statement": statement,
        "training": training,
        "inputs": inputs,
        "params": {k: ls(v) for k, v in params.items()},
        "buffers": {k: ls(v) for k, v in (buffers or {}).items()},
        "outputs": {k: ls(v) for k, v in outputs.items()},
        "buffers_after": {k: ls(v) for k, v in (buffers_after or {}).items()},
    }


def dense_cases():
    out = []
    for shape in [(3, 4), (3, 2, 4)]:
        lin = randomize(nn.Linear(4, 5))
        x = rand(*shape)
        out.append(case(f"dense rank {len(shape)}", "dense", "y = dense(x, out = 5)", {"x": f32(x)}, {"y": lin(x)}, {"y.W": lin.weight.T, "y.b": lin.bias}))
    return out


def norm_cases():
    out = []
    for shape in [(3, 6), (3, 2, 6)]:
        ln = randomize(nn.LayerNorm(6))
        x = rand(*shape, scale=2.0)
        out.append(case(f"layer_norm rank {len(shape)}", "layer_norm", "y = layer_norm(x)", {"x": f32(x)}, {"y": ln(x)}, {"y.gamma": ln.weight, "y.beta": ln.bias}))
    ln = randomize(nn.LayerNorm(6, eps=0.1))
    x = rand(3, 6)
    out.append(case("layer_norm eps 0.1", "layer_norm", "y = layer_norm(x, eps = 0.1)", {"x": f32(x)}, {"y": ln(x)}, {"y.gamma": ln.weight, "y.beta": ln.bias}))
    for shape, eps, call in [((3, 6), 1e-6, "y = rms_norm(x)"), ((3, 2, 6), 1e-6, "y = rms_norm(x)"), ((3, 6), 0.5, "y = rms_norm(x, eps = 0.5)")]:
        gamma = rand(6, scale=1.0)
        x = rand(*shape, scale=2.0)
        y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * gamma  # torch ≥ 2.4's nn.RMSNorm(6, eps)
        out.append(case(f"rms_norm rank {len(shape)} eps {eps}", "rms_norm", call, {"x": f32(x)}, {"y": y}, {"y.gamma": gamma}))
    return out


def batch_norm_cases():
    out = []
    for dims, module, block in [((5, 3), nn.BatchNorm1d(3, momentum=0.2, eps=1e-3), "batch_norm"), ((4, 3, 2, 3), nn.BatchNorm2d(3, momentum=0.2, eps=1e-3), "batch_norm2d")]:
        for training in [True, False]:
            bn = randomize(module)
            with torch.no_grad():
                bn.running_mean.copy_(rand(3))
                bn.running_var.copy_(rand(3, scale=1.0, low=0.5))
            before = {"y.mean_run": bn.running_mean.clone(), "y.var_run": bn.running_var.clone()}
            x = rand(*dims, scale=2.0) + 0.5
            bn.train(training)
            y = bn(x)
            after = {"y.mean_run": bn.running_mean, "y.var_run": bn.running_var} if training else None
            mode = "training step" if training else "evaluation"
            out.append(case(f"{block} {mode}", block, f"y = {block}(x, momentum = 0.2, eps = 0.001)", {"x": f32(x)}, {"y": y},
                            {"y.gamma": bn.weight, "y.beta": bn.bias}, before, training, after))
    return out


def embedding_cases():
    out = []
    for shape in [(3, 4), (3,)]:
        emb = randomize(nn.Embedding(7, 5), scale=1.0)
        ids = torch.randint(0, 7, shape, generator=GEN)
        ids.view(-1)[0] = 6  # the last row of the table is read
        out.append(case(f"embedding rank {len(shape)}", "embedding", "y = embedding(ids, vocab = 7, width = 5)", {"ids": i32(ids)}, {"y": emb(ids)}, {"y.E": emb.weight}))
    return out


def cell_cases():
    B, T, I, H = 3, 4, 3, 5
    xs = rand(B, T, I)
    h0 = rand(B, H, scale=0.5)
    c0 = rand(B, H, scale=0.5)
    out = []

    rnn = randomize(nn.RNNCell(I, H))
    h, hs = h0, []
    for t in range(T):
        h = rnn(xs[:, t], h)
        hs.append(h)
    out.append(case("rnn_cell under scan", "rnn_cell", "y = scan(rnn_cell, xs, init = h0, axis = 1)", {"xs": f32(xs), "h0": f32(h0)}, {"y": torch.stack(hs, 1)},
                    {"y.Wx": rnn.weight_ih.T, "y.Wh": rnn.weight_hh.T, "y.b": rnn.bias_ih + rnn.bias_hh}))

    lstm = randomize(nn.LSTMCell(I, H))
    h, c, hs, cs = h0, c0, [], []
    for t in range(T):
        h, c = lstm(xs[:, t], (h, c))
        hs.append(h)
        cs.append(c)
    out.append(case("lstm_cell under scan", "lstm_cell", "(y, c) = scan(lstm_cell, xs, init = (h0, c0), axis = 1)", {"xs": f32(xs), "h0": f32(h0), "c0": f32(c0)},
                    {"y": torch.stack(hs, 1), "c": torch.stack(cs, 1)}, {"y.Wx": lstm.weight_ih.T, "y.Wh": lstm.weight_hh.T, "y.b": lstm.bias_ih + lstm.bias_hh}))

    gru = randomize(nn.GRUCell(I, H))
    h, hs = h0, []
    for t in range(T):
        h = gru(xs[:, t], h)
        hs.append(h)
    b = gru.bias_ih + torch.cat([gru.bias_hh[: 2 * H], torch.zeros(H)])
    out.append(case("gru_cell under scan", "gru_cell", "y = scan(gru_cell, xs, init = h0, axis = 1)", {"xs": f32(xs), "h0": f32(h0)}, {"y": torch.stack(hs, 1)},
                    {"y.Wx": gru.weight_ih.T, "y.Wh": gru.weight_hh.T, "y.b": b, "y.b_hn": gru.bias_hh[2 * H :]}))
    return out


def causal_mask(T):
    return torch.triu(torch.ones(T, T, dtype=torch.bool), 1)  # True = not allowed to attend


def mha_params(prefix, mha):
    D = mha.embed_dim
    w, b = mha.in_proj_weight, mha.in_proj_bias
    return {
        f"{prefix}.Wq": w[:D].T, f"{prefix}.Wk": w[D : 2 * D].T, f"{prefix}.Wv": w[2 * D :].T, f"{prefix}.Wo": mha.out_proj.weight.T,
        f"{prefix}.bq": b[:D], f"{prefix}.bk": b[D : 2 * D], f"{prefix}.bv": b[2 * D :], f"{prefix}.bo": mha.out_proj.bias,
    }


def attention_cases():
    B, T, D, heads = 2, 5, 8, 2
    out = []
    for causal in [False, True]:
        mha = randomize(nn.MultiheadAttention(D, heads, batch_first=True))
        x = rand(B, T, D)
        y = mha(x, x, x, need_weights=False, attn_mask=causal_mask(T) if causal else None)[0]
        call = f"y = multi_head_attention(x, heads = {heads}{', causal = true' if causal else ''})"
        out.append(case(f"multi_head_attention causal {str(causal).lower()}", "multi_head_attention", call, {"x": f32(x)}, {"y": y}, mha_params("y", mha)))
    return out


class Block(nn.Module):
    """The pre-norm GPT block of nnc's transformer_block."""

    def __init__(self, D, heads, ratio):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attn = nn.MultiheadAttention(D, heads, batch_first=True)
        self.fc1, self.fc2 = nn.Linear(D, ratio * D), nn.Linear(ratio * D, D)

    def forward(self, x, mask):
        a = self.ln1(x)
        h = x + self.attn(a, a, a, need_weights=False, attn_mask=mask)[0]
        return h + self.fc2(F.gelu(self.fc1(self.ln2(h))))

    def nnc_params(self, prefix):
        p = {f"{prefix}.ln1.gamma": self.ln1.weight, f"{prefix}.ln1.beta": self.ln1.bias, f"{prefix}.ln2.gamma": self.ln2.weight, f"{prefix}.ln2.beta": self.ln2.bias}
        p.update(mha_params(f"{prefix}.attn", self.attn))
        p.update({f"{prefix}.mlp_in.W": self.fc1.weight.T, f"{prefix}.mlp_in.b": self.fc1.bias, f"{prefix}.mlp_out.W": self.fc2.weight.T, f"{prefix}.mlp_out.b": self.fc2.bias})
        return p


def transformer_cases():
    B, T, D, heads = 2, 5, 8, 2
    out = []
    # Two applications under `repeat` (params y.0.…, y.1.…), causal by default; one direct call (y.…).
    blocks = [randomize(Block(D, heads, 4), scale=0.4) for _ in range(2)]
    x = rand(B, T, D)
    y, params = x, {}
    for i, blk in enumerate(blocks):
        y = blk(y, causal_mask(T))
        params.update(blk.nnc_params(f"y.{i}"))
    out.append(case("transformer_block ×2 under repeat", "transformer_block", f"y = x |> repeat(transformer_block, times = 2, heads = {heads})", {"x": f32(x)}, {"y": y}, params))
    blk = randomize(Block(D, heads, 2), scale=0.4)
    x = rand(B, T, D)
    call = f"y = transformer_block(x, heads = {heads}, mlp_ratio = 2, causal = false)"
    out.append(case("transformer_block mlp_ratio 2, not causal", "transformer_block", call, {"x": f32(x)}, {"y": blk(x, None)}, blk.nnc_params("y")))
    return out


def main():
    cases = dense_cases() + norm_cases() + batch_norm_cases() + embedding_cases() + cell_cases() + attention_cases() + transformer_cases()
    tables = {"dtype": "float64", "torch": torch.__version__, "python": platform.python_version(), "cases": cases}
    for c in cases:
        for k, v in c["outputs"].items():
            assert all(math.isfinite(e) for e in torch.tensor(v).flatten().tolist()), (c["name"], k)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(compact_json(tables) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
