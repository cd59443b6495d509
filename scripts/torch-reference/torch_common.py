"""Shared by the reference script's modules: float64 torch, the fixed parameters and gradient sets,
the optimizers (torch's, and Lion written out), clipping, and the nnc settings used by the cases."""

import math
import warnings

import torch

torch.set_default_dtype(torch.float64)
# SequentialLR steps its second scheduler with an epoch argument internally (torch 1.13 warns about it).
warnings.filterwarnings("ignore", message="The epoch parameter")

# Two parameters: a rank-2 matrix (decayed) and a rank-1 bias (decayed only with decay_all).
W0 = [[0.5, -1.25, 2.0], [-0.75, 0.3, 1.1]]
B0 = [0.2, -0.4, 0.05]

# Five gradient sets. Global norms: ≈2.64, ≈0.64, ≈4.20, ≈0.29, ≈1.67 (clip global_norm(1.0) acts on
# steps 1, 3 and 5 only, global_norm(3.0) on step 3). Step 1 has an exact zero (sign(0) = 0 for lion; 0/(0 + eps) for adam).
GRADS = [
    ([[0.8, -1.5, 0.0], [1.2, 0.4, -0.9]], [0.6, -0.3, 1.1]),
    ([[-0.2, 0.35, 0.1], [0.15, -0.25, 0.3]], [-0.05, 0.2, -0.12]),
    ([[2.1, 0.7, -1.8], [-0.6, 2.4, 0.9]], [1.3, -0.8, 0.5]),
    ([[0.05, -0.12, 0.09], [-0.07, 0.11, 0.02]], [0.1, -0.08, 0.15]),
    ([[-0.9, 0.6, 0.45], [0.3, -0.75, 0.5]], [-0.4, 0.55, -0.2]),
]
STEPS = len(GRADS)


class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), as lucidrains'
    lion-pytorch writes it: c = β1·m + (1−β1)·g; w *= (1 − lr·wd); w −= lr·sign(c); m = β2·m + (1−β2)·g."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))
        self.min_abs_c = math.inf  # smallest nonzero |c| seen: a sign must not hinge on rounding

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, wd = group["lr"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                state = self.state[p]
                if "exp_avg" not in state:
                    state["exp_avg"] = torch.zeros_like(p)
                m = state["exp_avg"]
                p.mul_(1 - lr * wd)
                c = m.clone().mul_(beta1).add_(p.grad, alpha=1 - beta1)
                nonzero = c[c != 0].abs()
                if nonzero.numel() > 0:
                    self.min_abs_c = min(self.min_abs_c, nonzero.min().item())
                p.add_(c.sign(), alpha=-lr)
                m.mul_(beta2).add_(p.grad, alpha=1 - beta2)


def torch_optimizer(kind, args):
    """The torch optimizer for an nnc optimizer setting, and the call written as text."""
    a = args
    if kind == "sgd":
        return (
            lambda g: torch.optim.SGD(g, lr=a["lr"], momentum=a["momentum"], nesterov=a["nesterov"]),
            f"torch.optim.SGD(lr={a['lr']}, momentum={a['momentum']}, nesterov={a['nesterov']}, weight_decay=<group>)",
        )
    if kind == "adam":
        return (
            lambda g: torch.optim.Adam(g, lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["eps"]),
            f"torch.optim.Adam(lr={a['lr']}, betas=({a['beta1']}, {a['beta2']}), eps={a['eps']}, weight_decay=<group>)",
        )
    if kind == "adamw":
        return (
            lambda g: torch.optim.AdamW(g, lr=a["lr"], betas=(a["beta1"], a["beta2"]), eps=a["eps"]),
            f"torch.optim.AdamW(lr={a['lr']}, betas=({a['beta1']}, {a['beta2']}), eps={a['eps']}, weight_decay=<group>)",
        )
    if kind == "rmsprop":
        return (
            lambda g: torch.optim.RMSprop(g, lr=a["lr"], alpha=a["rho"], eps=a["eps"], momentum=a["momentum"]),
            f"torch.optim.RMSprop(lr={a['lr']}, alpha={a['rho']}, eps={a['eps']}, momentum={a['momentum']}, centered=False)",
        )
    if kind == "adagrad":
        return (
            lambda g: torch.optim.Adagrad(g, lr=a["lr"], eps=a["eps"]),
            f"torch.optim.Adagrad(lr={a['lr']}, eps={a['eps']}, lr_decay=0, initial_accumulator_value=0)",
        )
    if kind == "lion":
        return (
            lambda g: Lion(g, lr=a["lr"], betas=(a["beta1"], a["beta2"])),
            f"Lion(lr={a['lr']}, betas=({a['beta1']}, {a['beta2']}), weight_decay=<group>) (in this script: lion-pytorch's update)",
        )
    raise ValueError(kind)


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def clip_grads(clip, params):
    if clip is None:
        return
    if clip["kind"] == "global_norm":
        torch.nn.utils.clip_grad_norm_(params, max_norm=clip["args"]["max_norm"], norm_type=2.0)
    elif clip["kind"] == "value":
        torch.nn.utils.clip_grad_value_(params, clip_value=clip["args"]["limit"])
    else:
        raise ValueError(clip["kind"])


def clip_call(clip):
    if clip["kind"] == "global_norm":
        return f"torch.nn.utils.clip_grad_norm_(max_norm={clip['args']['max_norm']}, norm_type=2)"
    return f"torch.nn.utils.clip_grad_value_(clip_value={clip['args']['limit']})"


SGD = {"lr": 0.1, "momentum": 0.0, "nesterov": False, "weight_decay": 0.0}
ADAM = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
RMSPROP = {"lr": 0.01, "rho": 0.9, "eps": 1e-8, "momentum": 0.0}
ADAGRAD = {"lr": 0.1, "eps": 1e-10}
LION = {"lr": 0.01, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0}
GLOBAL_NORM = {"kind": "global_norm", "args": {"max_norm": 1.0}}
VALUE = {"kind": "value", "args": {"limit": 0.5}}
