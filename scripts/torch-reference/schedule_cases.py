"""Learning-rate schedules (lr at t = 0 … S−1, torch scheduler and documented formula) and whole runs
of several epochs under a schedule, as the runtime's TrainSession drives them."""

import math

import torch
from torch.optim import lr_scheduler

from torch_common import ADAM, B0, GLOBAL_NORM, GRADS, RMSPROP, SGD, W0, clip_call, clip_grads, flat, torch_optimizer


def cosine_formula(lr, t, S, warmup, min_lr):
    """LANGUAGE-V2.md: lr·(t+1)/warmup for t < warmup, then min_lr + (lr − min_lr)(1 + cos(π(t − warmup)/(S − warmup)))/2."""
    if t < warmup:
        return lr * (t + 1) / warmup
    return min_lr + (lr - min_lr) * (1 + math.cos(math.pi * (t - warmup) / (S - warmup))) / 2


def one_cycle_formula(max_lr, t, S, pct_start=0.3, div_factor=25.0, final_div_factor=1e4):
    """torch.optim.lr_scheduler.OneCycleLR (two phases, anneal_strategy "cos"), closed form."""
    initial = max_lr / div_factor
    final = initial / final_div_factor
    up_end = float(pct_start * S) - 1
    down_end = S - 1
    cos = lambda start, end, pct: end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
    if t <= up_end:
        return cos(initial, max_lr, t / up_end)
    return cos(max_lr, final, (t - up_end) / (down_end - up_end))


def torch_lrs(base_lr, S, make_scheduler, momentum=0.0):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base_lr, momentum=momentum)
    sched = make_scheduler(opt)
    out = []
    for t in range(S):
        out.append(opt.param_groups[0]["lr"])
        p.grad = torch.zeros(1)
        opt.step()
        if t < S - 1:
            sched.step()
    return out


def schedule_case(name, kind, args, base_lr, S, torch_call, make_scheduler, formula, momentum=0.0):
    lrs_torch = torch_lrs(base_lr, S, make_scheduler, momentum)
    lrs_formula = [formula(t) for t in range(S)]
    worst = max(abs(a - b) / max(abs(b), 1e-300) for a, b in zip(lrs_torch, lrs_formula))
    agrees = worst < 1e-12
    return {
        "name": name,
        "schedule": {"kind": kind, "args": args},
        "baseLr": base_lr,
        "totalSteps": S,
        "torch": torch_call,
        "torchAgreesWithFormula": agrees,
        "maxRelativeDifference": worst,
        # The lr the test checks: torch's own numbers when they agree with the documented formula.
        "reference": "torch" if agrees else "formula",
        "lr": lrs_torch if agrees else lrs_formula,
        "lrTorch": lrs_torch,
        "lrFormula": lrs_formula,
    }


def schedule_cases():
    S = 12
    sequential = lambda w, min_lr: (
        lambda o: lr_scheduler.SequentialLR(
            o,
            [
                lr_scheduler.LinearLR(o, start_factor=1.0 / w, end_factor=1.0, total_iters=w - 1),
                lr_scheduler.CosineAnnealingLR(o, T_max=S - w, eta_min=min_lr),
            ],
            milestones=[w],
        )
    )
    return [
        schedule_case("constant", "constant", {}, 0.1, S, "torch.optim.lr_scheduler.ConstantLR(factor=1.0)",
                      lambda o: lr_scheduler.ConstantLR(o, factor=1.0, total_iters=0), lambda t: 0.1),
        schedule_case("step", "step", {"every": 3, "gamma": 0.5}, 0.1, S, "torch.optim.lr_scheduler.StepLR(step_size=3, gamma=0.5)",
                      lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5), lambda t: 0.1 * 0.5 ** (t // 3)),
        schedule_case("step every 5", "step", {"every": 5, "gamma": 0.1}, 0.3, S, "torch.optim.lr_scheduler.StepLR(step_size=5, gamma=0.1)",
                      lambda o: lr_scheduler.StepLR(o, step_size=5, gamma=0.1), lambda t: 0.3 * 0.1 ** (t // 5)),
        schedule_case("exponential", "exponential", {"gamma": 0.8}, 0.1, S, "torch.optim.lr_scheduler.ExponentialLR(gamma=0.8)",
                      lambda o: lr_scheduler.ExponentialLR(o, gamma=0.8), lambda t: 0.1 * 0.8**t),
        schedule_case("cosine", "cosine", {"warmup": 0, "min_lr": 0.0}, 0.1, S,
                      f"torch.optim.lr_scheduler.CosineAnnealingLR(T_max={S}, eta_min=0)",
                      lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=S, eta_min=0.0),
                      lambda t: cosine_formula(0.1, t, S, 0, 0.0)),
        schedule_case("cosine min_lr", "cosine", {"warmup": 0, "min_lr": 0.01}, 0.1, S,
                      f"torch.optim.lr_scheduler.CosineAnnealingLR(T_max={S}, eta_min=0.01)",
                      lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=S, eta_min=0.01),
                      lambda t: cosine_formula(0.1, t, S, 0, 0.01)),
        schedule_case("cosine warmup", "cosine", {"warmup": 3, "min_lr": 0.001}, 0.1, S,
                      f"torch.optim.lr_scheduler.SequentialLR([LinearLR(start_factor=1/3, end_factor=1, total_iters=2), CosineAnnealingLR(T_max={S - 3}, eta_min=0.001)], milestones=[3])",
                      sequential(3, 0.001), lambda t: cosine_formula(0.1, t, S, 3, 0.001)),
        schedule_case("cosine warmup 4", "cosine", {"warmup": 4, "min_lr": 0.0}, 0.05, S,
                      f"torch.optim.lr_scheduler.SequentialLR([LinearLR(start_factor=1/4, end_factor=1, total_iters=3), CosineAnnealingLR(T_max={S - 4}, eta_min=0)], milestones=[4])",
                      sequential(4, 0.0), lambda t: cosine_formula(0.05, t, S, 4, 0.0)),
        schedule_case("one_cycle", "one_cycle", {"max_lr": 0.5}, 0.1, S,
                      f"torch.optim.lr_scheduler.OneCycleLR(max_lr=0.5, total_steps={S}) (defaults: anneal cos, pct_start 0.3, div_factor 25, final_div_factor 1e4; its momentum cycling is not part of nnc's one_cycle)",
                      lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.5, total_steps=S), lambda t: one_cycle_formula(0.5, t, S), momentum=0.9),
        schedule_case("one_cycle 25 steps", "one_cycle", {"max_lr": 0.02}, 0.1, 25,
                      "torch.optim.lr_scheduler.OneCycleLR(max_lr=0.02, total_steps=25) (defaults as above)",
                      lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.02, total_steps=25), lambda t: one_cycle_formula(0.02, t, 25), momentum=0.9),
    ]


SESSION_EPOCHS = 2
SESSION_EXAMPLES = 3  # identical examples, one per step: S = 2 × 3 = 6 steps whatever the shuffle
SESSION_LOSS = "sum(gw * W) + sum(gb * b) + 0.5 * (sum(W * W) + sum(b * b))"  # ∂/∂W = gw + W


def session(name, kind, args, schedule, clip=None):
    """SESSION_EPOCHS epochs of SESSION_EXAMPLES steps on the loss SESSION_LOSS (autograd), every example
    being GRADS[0]; the scheduler counts optimizer steps over the whole run (t = 0 … S−1)."""
    S = SESSION_EPOCHS * SESSION_EXAMPLES
    W = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    gw, gb = torch.tensor(GRADS[0][0]), torch.tensor(GRADS[0][1])
    wd = args.get("weight_decay", 0.0)
    groups = [{"params": [W], "weight_decay": wd}, {"params": [b], "weight_decay": 0.0}]
    make, call = torch_optimizer(kind, args)
    opt = make(groups)
    sched = schedule[1](opt, S)
    lrs, losses, steps = [], [], []
    for t in range(S):
        opt.zero_grad()
        loss = (gw * W).sum() + (gb * b).sum() + 0.5 * ((W * W).sum() + (b * b).sum())
        loss.backward()
        clip_grads(clip, [W, b])
        lrs.append(opt.param_groups[0]["lr"])
        losses.append(loss.item())
        opt.step()
        if t < S - 1:
            sched.step()
        steps.append({"W": flat(W), "b": flat(b)})
    return {
        "name": name,
        "optimizer": {"kind": kind, "args": args},
        "decayAll": False,
        "clip": clip,
        "schedule": schedule[0],
        "epochs": SESSION_EPOCHS,
        "examples": SESSION_EXAMPLES,
        "batch": 1,
        "totalSteps": S,
        "loss": SESSION_LOSS,
        "torch": call + ("" if clip is None else f"; clip before step: {clip_call(clip)}") + f"; after each step: {schedule[2]}",
        "lr": lrs,
        "losses": losses,
        "steps": steps,
    }


def session_cases():
    S = SESSION_EPOCHS * SESSION_EXAMPLES
    warmup_cosine = lambda o, n: lr_scheduler.SequentialLR(
        o,
        [lr_scheduler.LinearLR(o, start_factor=1 / 2, end_factor=1.0, total_iters=1), lr_scheduler.CosineAnnealingLR(o, T_max=n - 2, eta_min=0.01)],
        milestones=[2],
    )
    return [
        session("sgd momentum, cosine(warmup = 2, min_lr = 0.01)", "sgd", {**SGD, "momentum": 0.9},
                ({"kind": "cosine", "args": {"warmup": 2, "min_lr": 0.01}}, warmup_cosine,
                 f"SequentialLR([LinearLR(start_factor=1/2, total_iters=1), CosineAnnealingLR(T_max={S - 2}, eta_min=0.01)], milestones=[2])")),
        session("adam, one_cycle(max_lr = 0.05), clip global_norm", "adam", ADAM,
                ({"kind": "one_cycle", "args": {"max_lr": 0.05}}, lambda o, n: lr_scheduler.OneCycleLR(o, max_lr=0.05, total_steps=n, cycle_momentum=False),
                 f"OneCycleLR(max_lr=0.05, total_steps={S}, cycle_momentum=False)"),
                clip=GLOBAL_NORM),
        session("rmsprop, step(every = 2, gamma = 0.5)", "rmsprop", {**RMSPROP, "momentum": 0.5},
                ({"kind": "step", "args": {"every": 2, "gamma": 0.5}}, lambda o, n: lr_scheduler.StepLR(o, step_size=2, gamma=0.5), "StepLR(step_size=2, gamma=0.5)")),
        session("adamw, exponential(gamma = 0.7)", "adamw", {**ADAM, "weight_decay": 0.1},
                ({"kind": "exponential", "args": {"gamma": 0.7}}, lambda o, n: lr_scheduler.ExponentialLR(o, gamma=0.7), "ExponentialLR(gamma=0.7)")),
    ]
