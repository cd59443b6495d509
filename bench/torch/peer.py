"""PyTorch peer of `npm run bench`: a long-lived process that answers JSON lines on stdin/stdout.

The bench starts one process per thread count (`--threads 1` and `--threads N`, with OMP_NUM_THREADS,
OPENBLAS_NUM_THREADS and MKL_NUM_THREADS set to the same N, because OpenBLAS's pthread build sizes its
own pool from them at load and ignores torch.set_num_threads). Every workload is built from what the
bench sends: nnc's initial parameters (nnc's layouts, converted here) and the same seeded data, so the
first losses can be compared with nnc's and the timed work is the same model on the same numbers.

Requests (one JSON object a line) and answers:
  {"op": "info"}                                   -> {"torch", "threads", "blas_info", "blas_libraries"}
  {"op": "load", "id", "kind", "params", "data", "hyper"}  -> {}  (arrays: base64 of little-endian bytes)
  {"op": "values", "id", "n"}     -> {"values": [...]}  n training steps' losses, or one forward's outputs
  {"op": "calibrate", "id", "seconds"} -> {"per_iter"}  seconds per iteration, run for about `seconds`
  {"op": "time", "id", "n"}       -> {"seconds"}       n iterations, timed here (no pipe in the timing)
  {"op": "drop", "id"}            -> {}
Every answer also has "ok": true, or "ok": false and "error".

usage: /usr/bin/python3 bench/torch/peer.py --threads N
"""
import argparse
import base64
import json
import math
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def f32(s, *shape):
    return torch.frombuffer(bytearray(base64.b64decode(s)), dtype=torch.float32).reshape(*shape).clone()


def i64(s, *shape):
    return torch.frombuffer(bytearray(base64.b64decode(s)), dtype=torch.int32).reshape(*shape).long()


def assign(param, value):
    with torch.no_grad():
        param.copy_(value.reshape(param.shape))


class Trainer:
    """One training step on the next batch; `step` returns the loss (read back: the step has finished)."""

    def __init__(self, model, opt, batches, loss_of, clip=None):
        self.model, self.opt, self.batches, self.loss_of, self.clip = model, opt, batches, loss_of, clip
        self.k = 0

    def step(self):
        b = self.batches[self.k % len(self.batches)]
        self.k += 1
        loss = self.loss_of(self.model, b)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        if self.clip is not None:
            nn.utils.clip_grad_norm_(self.model.parameters(), self.clip)
        self.opt.step()
        return loss.item()

    def values(self, n):
        return [self.step() for _ in range(n)]

    def iterate(self, n):
        for _ in range(n):
            self.step()


class Forward:
    """Batch-1 inference: the model's outputs under no_grad, read back."""

    def __init__(self, model, x):
        self.model, self.x = model.eval(), x

    def run(self):
        with torch.no_grad():
            return self.model(self.x)

    def values(self, n):
        return self.run().reshape(-1).tolist()

    def iterate(self, n):
        for _ in range(n):
            self.run().reshape(-1)[0].item()


class Matmul:
    def __init__(self, a, b):
        self.a, self.b = a, b
        self.c = torch.empty(a.shape[0], b.shape[1])

    def values(self, n):
        return torch.mm(self.a, self.b).reshape(-1).tolist()

    def iterate(self, n):
        for _ in range(n):
            torch.mm(self.a, self.b, out=self.c)


def mlp(p):
    """x @ W1 + b1 -> relu -> @ W2 + b2; nnc's W is nn.Linear's weight transposed."""
    m = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    assign(m[0].weight, f32(p["W1"], 784, 128).T)
    assign(m[0].bias, f32(p["b1"], 128))
    assign(m[2].weight, f32(p["W2"], 128, 10).T)
    assign(m[2].bias, f32(p["b2"], 10))
    return m


class Cnn(nn.Module):
    """conv 3x3 (8 filters) -> relu -> maxpool 2 -> dense 10, NCHW as nnc (K is [O, I, H, W], W rows follow the NCHW flatten)."""

    def __init__(self, p):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.fc = nn.Linear(8 * 13 * 13, 10)
        assign(self.conv.weight, f32(p["K"], 8, 1, 3, 3))
        assign(self.conv.bias, f32(p["kb"], 8))
        assign(self.fc.weight, f32(p["W"], 8 * 13 * 13, 10).T)
        assign(self.fc.bias, f32(p["b"], 10))

    def forward(self, x):
        h = F.max_pool2d(F.relu(self.conv(x.reshape(-1, 1, 28, 28))), 2)
        return self.fc(h.flatten(1))


class Block(nn.Module):
    """nnc's transformer_block (docs/stdlib.md): pre-norm, nn.MultiheadAttention, exact gelu."""

    def __init__(self, p, pre, d, heads, t):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.fc1, self.fc2 = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        for ln, name in ((self.ln1, "ln1"), (self.ln2, "ln2")):
            assign(ln.weight, f32(p[f"{pre}.{name}.gamma"], d))
            assign(ln.bias, f32(p[f"{pre}.{name}.beta"], d))
        a = f"{pre}.attn"
        assign(self.attn.in_proj_weight, torch.cat([f32(p[f"{a}.W{k}"], d, d).T for k in "qkv"]))
        assign(self.attn.in_proj_bias, torch.cat([f32(p[f"{a}.b{k}"], d) for k in "qkv"]))
        assign(self.attn.out_proj.weight, f32(p[f"{a}.Wo"], d, d).T)
        assign(self.attn.out_proj.bias, f32(p[f"{a}.bo"], d))
        for lin, name, i, o in ((self.fc1, "mlp_in", d, 4 * d), (self.fc2, "mlp_out", 4 * d, d)):
            assign(lin.weight, f32(p[f"{pre}.{name}.W"], i, o).T)
            assign(lin.bias, f32(p[f"{pre}.{name}.b"], o))
        self.register_buffer("causal", torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1))

    def forward(self, x):
        a = self.ln1(x)
        h = x + self.attn(a, a, a, attn_mask=self.causal, need_weights=False)[0]
        return h + self.fc2(F.gelu(self.fc1(self.ln2(h))))


class CharGpt(nn.Module):
    """examples/char-transformer.nn: embedding 27x64 + positions 16x64, 2 blocks of 4 heads, layer norm, head 64->27."""

    def __init__(self, p, t=16, d=64, v=27, heads=4, blocks=2):
        super().__init__()
        self.tok = nn.Embedding(v, d)
        assign(self.tok.weight, f32(p["tok.E"], v, d))
        self.pos = nn.Parameter(f32(p["P"], t, d))
        self.blocks = nn.ModuleList([Block(p, f"h.{i}", d, heads, t) for i in range(blocks)])
        self.ln = nn.LayerNorm(d)
        assign(self.ln.weight, f32(p["layer_norm_1.gamma"], d))
        assign(self.ln.bias, f32(p["layer_norm_1.beta"], d))
        self.head = nn.Linear(d, v)
        assign(self.head.weight, f32(p["logits.W"], d, v).T)
        assign(self.head.bias, f32(p["logits.b"], v))

    def forward(self, x):
        h = self.tok(x) + self.pos
        for b in self.blocks:
            h = b(h)
        return self.head(self.ln(h))


class LstmNames(nn.Module):
    """examples/lstm-names.nn: embedding 27x32, nn.LSTM(32, 128) from a learned (h, c), head 128->27 per position.

    nnc's single bias b is bias_ih; bias_hh stays 0 and frozen, so the model (and every update) is nnc's."""

    def __init__(self, p, v=27, e=32, hidden=128):
        super().__init__()
        self.emb = nn.Embedding(v, e)
        assign(self.emb.weight, f32(p["xs.E"], v, e))
        self.lstm = nn.LSTM(e, hidden, batch_first=True)
        assign(self.lstm.weight_ih_l0, f32(p["hs.Wx"], e, 4 * hidden).T)
        assign(self.lstm.weight_hh_l0, f32(p["hs.Wh"], hidden, 4 * hidden).T)
        assign(self.lstm.bias_ih_l0, f32(p["hs.b"], 4 * hidden))
        assign(self.lstm.bias_hh_l0, torch.zeros(4 * hidden))
        self.lstm.bias_hh_l0.requires_grad_(False)
        self.h0 = nn.Parameter(f32(p["h_init"], hidden))
        self.c0 = nn.Parameter(f32(p["c_init"], hidden))
        self.head = nn.Linear(hidden, v)
        assign(self.head.weight, f32(p["logits.W"], hidden, v).T)
        assign(self.head.bias, f32(p["logits.b"], v))

    def forward(self, x):
        b = x.shape[0]
        state = (self.h0.expand(1, b, -1).contiguous(), self.c0.expand(1, b, -1).contiguous())
        hs, _ = self.lstm(self.emb(x), state)
        return self.head(hs)


def decay_groups(model, wd):
    """nnc's weight decay reaches parameters of rank >= 2 only (packages/codegen-pytorch optimizers.ts)."""
    ps = [q for q in model.parameters() if q.requires_grad]
    return [{"params": [q for q in ps if q.dim() >= 2], "weight_decay": wd}, {"params": [q for q in ps if q.dim() < 2], "weight_decay": 0.0}]


def image_batches(data, batch):
    return [(f32(b["x"], batch, 784), i64(b["label"], batch)) for b in data["batches"]]


def token_batches(data, batch, t):
    return [(i64(b["x"], batch, t), i64(b["y"], batch, t), f32(b["mask"], batch, t)) for b in data["batches"]]


def masked_ce(model, b):
    x, y, mask = b
    logits = model(x)
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="none")
    return (ce * mask.reshape(-1)).sum() / mask.sum()


def image_ce(model, b):
    return F.cross_entropy(model(b[0]), b[1])


def build(kind, p, data, h):
    if kind == "mlp-train":
        m = mlp(p)
        return Trainer(m, torch.optim.SGD(m.parameters(), lr=h["lr"]), image_batches(data, h["batch"]), image_ce)
    if kind == "cnn-train":
        m = Cnn(p)
        return Trainer(m, torch.optim.SGD(m.parameters(), lr=h["lr"], momentum=h["momentum"]), image_batches(data, h["batch"]), image_ce)
    if kind == "gpt-train":
        m = CharGpt(p)
        opt = torch.optim.AdamW(decay_groups(m, h["weight_decay"]), lr=h["lr"])
        return Trainer(m, opt, token_batches(data, h["batch"], 16), masked_ce)
    if kind == "lstm-train":
        m = LstmNames(p)
        opt = torch.optim.Adam([q for q in m.parameters() if q.requires_grad], lr=h["lr"])
        return Trainer(m, opt, token_batches(data, h["batch"], 16), masked_ce, clip=h["clip"])
    if kind == "mlp-infer":
        return Forward(mlp(p), f32(data["x"], 1, 784))
    if kind == "cnn-infer":
        return Forward(Cnn(p), f32(data["x"], 1, 784))
    if kind == "matmul":
        return Matmul(f32(data["a"], h["m"], h["k"]), f32(data["b"], h["k"], h["n"]))
    raise ValueError(f"unknown workload kind {kind}")


def blas_libraries():
    """The BLAS/LAPACK shared objects this process has mapped (what torch really calls)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if re.search(r"blas|lapack|mkl", line.split()[-1] if len(line.split()) > 5 else "")}
        return sorted(paths)
    except OSError:
        return []


def info(threads):
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # maps the BLAS library
    cfg = torch.__config__.show()
    m = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "requested_threads": threads, "blas_info": m.group(1) if m else "unknown", "blas_libraries": blas_libraries()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    work = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        req = {}
        try:
            req = json.loads(line)
            op = req["op"]
            if op == "info":
                out = info(a.threads)
            elif op == "load":
                work[req["id"]] = build(req["kind"], req.get("params", {}), req.get("data", {}), req.get("hyper", {}))
                out = {}
            elif op == "values":
                vs = work[req["id"]].values(req.get("n", 1))
                out = {"values": [v if math.isfinite(v) else None for v in vs]}
            elif op == "calibrate":
                w, n, t0 = work[req["id"]], 0, time.perf_counter()
                while n < 2 or time.perf_counter() - t0 < req["seconds"]:
                    w.iterate(1)
                    n += 1
                out = {"per_iter": (time.perf_counter() - t0) / n}
            elif op == "time":
                w = work[req["id"]]
                t0 = time.perf_counter()
                w.iterate(req["n"])
                out = {"seconds": time.perf_counter() - t0}
            elif op == "drop":
                work.pop(req["id"], None)
                out = {}
            else:
                raise ValueError(f"unknown op {op}")
            out["ok"] = True
        except Exception as e:  # answered, not fatal: the bench reports it
            out = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        out["id"] = req.get("id") if isinstance(req, dict) else None
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
