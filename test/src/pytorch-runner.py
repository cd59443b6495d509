# Runs the PyTorch modules of a test suite in ONE process (torch's import costs seconds): reads a
# JSON job on stdin, writes one JSON result per case on stdout. Each case execs a generated module,
# loads the given state by state-dict key (strict), calls forward or forward_loss in float64 and
# backpropagates from one result; non-finite numbers are written as strings ("nan", "inf", "-inf").
import json
import math
import sys
import traceback

import torch

torch.set_num_threads(1)


def flat(t):
    return [x if math.isfinite(x) else str(x) for x in t.detach().reshape(-1).double().tolist()]


def tensor(v):
    dt = {"float": torch.float64, "int": torch.int64, "bool": torch.bool}[v["dtype"]]
    t = torch.tensor(v["data"], dtype=dt).reshape(v["shape"])
    if v.get("grad"):
        t.requires_grad_(True)
    return t


def run(case):
    torch.manual_seed(case.get("seed", 0))
    ns = {}
    exec(compile(case["code"], case["name"], "exec"), ns)
    masks = [tensor(m) for m in case.get("masks", [])]
    if masks:
        # nnc's own dropout masks (its seeded stream), in graph order, instead of torch's draws
        def fed_mask(training, shape, p, dtype, device):
            if not training:
                return torch.ones(shape, dtype=dtype, device=device)
            m = masks.pop(0)
            assert tuple(m.shape) == tuple(shape), f"mask of shape {tuple(m.shape)} fed where {tuple(shape)} is drawn"
            return m.to(dtype)

        ns["_nnc_dropout_mask"] = fed_mask
    m = ns[case["className"]](dtype=torch.float64)
    if case["state"] is not None:
        m.load_state_dict({k: tensor(v) for k, v in case["state"].items()}, strict=True)
    m.train(case["training"])
    args = [tensor(a) for a in case["args"]]
    if case["method"] == "forward_loss":
        loss, outs = m.forward_loss(*args)
        results = [loss, *(outs if isinstance(outs, tuple) else (outs,))]
    else:
        outs = m(*args)
        results = list(outs) if isinstance(outs, tuple) else [outs]
    back = case.get("backward")
    if back is not None:
        results[back].backward()
    params = dict(m.named_parameters())
    return {
        "ok": True,
        "results": [{"shape": list(r.shape), "data": flat(r)} for r in results],
        "paramGrads": {k: (flat(p.grad) if p.grad is not None else None) for k, p in params.items()},
        "argGrads": [(flat(a.grad) if a.grad is not None else None) for a in args],
        "buffers": {k: flat(b) for k, b in m.state_dict().items() if k not in params},
        "stateKeys": list(m.state_dict().keys()),
        "state": {k: flat(v) for k, v in m.state_dict().items()} if case.get("dumpState") else None,
    }


out = []
for case in json.load(sys.stdin)["cases"]:
    try:
        out.append(run(case))
    except Exception:
        out.append({"ok": False, "error": traceback.format_exc()})
json.dump(out, sys.stdout)
