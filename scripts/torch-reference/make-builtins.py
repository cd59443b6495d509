#!/usr/bin/env python3
"""PyTorch reference values for nnc's built-in functions (issue 12, item 1).

Writes test/reference/builtins.json: for each function, fixed float64 inputs, PyTorch's forward values
and the gradient of sum(f(...)) with respect to the first operand. test/src/v02-builtins-torch.test.ts
reads the JSON (no torch at test time) and compares nnc's float64 reference interpreter and generated
code with it. Regenerate from the repository root:

    /usr/bin/python3 scripts/torch-reference/make-builtins.py

Per-example losses reduce the LAST axis, as nnc's do: mean for mse, huber and bce (reduction='none'
then .mean(-1)), sum for kl_div (PyTorch's elementwise q·(log q − logp), with 0 where q = 0).
"""

import json
import math
import platform
import re
from pathlib import Path

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "reference" / "builtins.json"

# Every branch of erf (|x| ≤ 0.46875, ≤ 4, > 4), both signs, and the tails of the activations.
XS = [-7.5, -5.25, -4.0, -3.1, -2.0, -1.0, -0.6, -0.46875, -0.3, -1e-3, 0.0, 2e-4, 0.25, 0.5, 0.8, 1.0, 1.7, 2.5, 3.9, 4.3, 6.0, 9.0]
POS = [0.01, 0.2, 0.5, 1.0, 2.0, 9.0, 123.0]

A = [[0.3, -1.2, 2.5, 0.0, 0.7], [1.5, 0.2, -0.4, 3.0, -2.2]]
B = [[0.1, -0.2, 0.5, 1.2, 0.7], [-1.0, 0.25, -0.4, 0.5, 0.3]]
P = [[0.1, 0.6, 0.95, 0.5, 0.02], [0.7, 0.33, 0.8, 0.15, 0.5]]
T = [[0.0, 1.0, 1.0, 0.3, 0.0], [1.0, 0.0, 0.5, 0.0, 1.0]]
LOGITS = [[0.2, -1.0, 0.5, 1.5, 0.0], [2.0, 0.1, -0.3, 0.4, -1.2]]
Q = [[0.1, 0.0, 0.4, 0.3, 0.2], [0.25, 0.25, 0.0, 0.5, 0.0]]
CE_LOGITS = [[[0.5, -1.0, 2.0], [0.0, 0.3, -0.2]], [[1.0, 1.0, 1.0], [-2.0, 0.5, 4.0]]]
CE_LABELS = [[2, 0], [1, 2]]


def compact_json(value):
    """Indented JSON with every list of scalars on one line."""
    text = json.dumps(value, indent=1)
    text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    assert json.loads(text) == value
    return text


def unary(name, fn, xs, **nn_args):
    x = torch.tensor(xs, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    return {"fn": name, "args": nn_args, "inputs": [xs], "value": y.tolist(), "grad": x.grad.tolist()}


def pair(name, fn, a, b, **nn_args):
    x = torch.tensor(a, requires_grad=True)
    y = fn(x, torch.tensor(b))
    y.sum().backward()
    return {"fn": name, "args": nn_args, "inputs": [a, b], "value": y.tolist(), "grad": x.grad.tolist()}


def cases():
    out = [
        unary("erf", torch.erf, XS),
        unary("gelu", F.gelu, XS),
        unary("gelu_tanh", lambda x: F.gelu(x, approximate="tanh"), XS),
        unary("silu", F.silu, XS),
        unary("elu", F.elu, XS),
        unary("elu", lambda x: F.elu(x, alpha=0.3), XS, alpha=0.3),
        unary("sin", torch.sin, XS),
        unary("cos", torch.cos, XS),
        unary("rsqrt", torch.rsqrt, POS),
        pair("mse", lambda a, b: F.mse_loss(a, b, reduction="none").mean(-1), A, B),
        pair("huber", lambda a, b: F.huber_loss(a, b, reduction="none", delta=1.0).mean(-1), A, B),
        pair("huber", lambda a, b: F.huber_loss(a, b, reduction="none", delta=0.4).mean(-1), A, B, delta=0.4),
        pair("bce", lambda p, t: F.binary_cross_entropy(p, t, reduction="none").mean(-1), P, T),
        pair("kl_div", lambda lp, q: F.kl_div(lp, q, reduction="none").sum(-1), torch.log_softmax(torch.tensor(LOGITS), -1).tolist(), Q),
    ]
    logits = torch.tensor(CE_LOGITS, requires_grad=True)
    ce = F.cross_entropy(logits.reshape(-1, 3), torch.tensor(CE_LABELS).reshape(-1), reduction="none").reshape(2, 2)
    ce.sum().backward()
    out.append({"fn": "cross_entropy", "args": {}, "inputs": [CE_LOGITS, CE_LABELS], "value": ce.tolist(), "grad": logits.grad.tolist()})
    return out


def main():
    tables = {
        "dtype": "float64",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "cases": cases(),
    }
    for c in tables["cases"]:
        assert all(math.isfinite(v) for v in torch.tensor(c["value"]).flatten().tolist()), c["fn"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(compact_json(tables) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(tables['cases'])} cases")


if __name__ == "__main__":
    main()
