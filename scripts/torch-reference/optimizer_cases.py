"""Five-step optimizer trajectories (with clipping and schedules) and clipped gradient sets."""

import math

import torch
from torch.optim import lr_scheduler

from torch_common import ADAGRAD, ADAM, B0, GLOBAL_NORM, GRADS, LION, RMSPROP, SGD, STEPS, VALUE, W0, Lion, clip_call, clip_grads, flat, torch_optimizer


def trajectory(name, kind, args, decay_all=False, clip=None, schedule=None):
    """Five steps from W0, B0 over GRADS. `schedule`: (nnc setting, torch scheduler factory, its call as
    text); the scheduler steps after every optimizer step, so step t+1 runs at the schedule's lr(t)."""
    W = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    wd = args.get("weight_decay", 0.0)
    # nnc: weight decay skips parameters of rank < 2 unless decay_all (two torch param groups).
    groups = [{"params": [W], "weight_decay": wd}, {"params": [b], "weight_decay": wd if decay_all else 0.0}]
    make, call = torch_optimizer(kind, args)
    opt = make(groups)
    sched = None if schedule is None else schedule[1](opt)
    steps = []
    lrs = []
    for gw, gb in GRADS:
        W.grad = torch.tensor(gw)
        b.grad = torch.tensor(gb)
        clip_grads(clip, [W, b])
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sched is not None and len(lrs) < STEPS:
            sched.step()
        steps.append({"W": flat(W), "b": flat(b)})
    if isinstance(opt, Lion):
        assert opt.min_abs_c > 1e-6, f"{name}: a lion sign hinges on |c| = {opt.min_abs_c}"
    return {
        "name": name,
        "optimizer": {"kind": kind, "args": args},
        "decayAll": decay_all,
        "clip": clip,
        "schedule": None if schedule is None else {**schedule[0], "totalSteps": STEPS},
        "torch": call
        + ("" if clip is None else f"; clip before step: {clip_call(clip)}")
        + ("" if schedule is None else f"; after each step: {schedule[2]}"),
        "lr": lrs,
        "groups": {"W": {"weight_decay": wd}, "b": {"weight_decay": wd if decay_all else 0.0}},
        "steps": steps,
    }


def optimizer_cases():
    cases = [
        trajectory("sgd", "sgd", SGD),
        trajectory("sgd momentum", "sgd", {**SGD, "momentum": 0.9}),
        trajectory("sgd nesterov", "sgd", {**SGD, "momentum": 0.9, "nesterov": True}),
        trajectory("adam", "adam", ADAM),
        trajectory("adamw defaults", "adamw", {**ADAM, "weight_decay": 0.01}),
        trajectory("rmsprop", "rmsprop", RMSPROP),
        trajectory("rmsprop momentum", "rmsprop", {**RMSPROP, "momentum": 0.9}),
        trajectory("adagrad", "adagrad", ADAGRAD),
        trajectory("lion", "lion", LION),
        trajectory("sgd momentum, clip global_norm", "sgd", {**SGD, "momentum": 0.9}, clip=GLOBAL_NORM),
        trajectory("adam, clip value", "adam", ADAM, clip=VALUE),
        trajectory("sgd momentum, exponential schedule", "sgd", {**SGD, "momentum": 0.9},
                   schedule=({"kind": "exponential", "args": {"gamma": 0.8}},
                             lambda o: lr_scheduler.ExponentialLR(o, gamma=0.8), "ExponentialLR(gamma=0.8)")),
        # cycle_momentum=False: torch's OneCycleLR would otherwise cycle adam's beta1; nnc's one_cycle does not.
        trajectory("adamw, one_cycle schedule", "adamw", {**ADAM, "weight_decay": 0.1},
                   schedule=({"kind": "one_cycle", "args": {"max_lr": 0.05}},
                             lambda o: lr_scheduler.OneCycleLR(o, max_lr=0.05, total_steps=STEPS, cycle_momentum=False),
                             f"OneCycleLR(max_lr=0.05, total_steps={STEPS}, cycle_momentum=False)")),
    ]
    decayed = [
        ("sgd weight_decay", "sgd", {**SGD, "weight_decay": 0.1}),
        ("sgd momentum weight_decay", "sgd", {**SGD, "momentum": 0.9, "weight_decay": 0.1}),
        ("adam weight_decay (L2)", "adam", {**ADAM, "weight_decay": 0.1}),
        ("adamw", "adamw", {**ADAM, "weight_decay": 0.1}),
        ("lion weight_decay", "lion", {**LION, "weight_decay": 0.5}),
    ]
    for name, kind, args in decayed:
        cases.append(trajectory(name, kind, args, decay_all=False))
        cases.append(trajectory(name + ", decay_all", kind, args, decay_all=True))
    return cases


def clipping_cases():
    out = []
    for clip in (GLOBAL_NORM, {"kind": "global_norm", "args": {"max_norm": 3.0}}, VALUE, {"kind": "value", "args": {"limit": 1.0}}):
        rows = []
        for gw, gb in GRADS:
            W = torch.zeros(2, 3, requires_grad=True)
            b = torch.zeros(3, requires_grad=True)
            W.grad = torch.tensor(gw)
            b.grad = torch.tensor(gb)
            norm = math.sqrt(sum(x * x for row in gw for x in row) + sum(x * x for x in gb))
            clip_grads(clip, [W, b])
            rows.append({"norm": norm, "W": flat(W.grad), "b": flat(b.grad)})
        out.append({"clip": clip, "torch": clip_call(clip), "steps": rows})
    return out
