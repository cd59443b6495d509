#!/usr/bin/env python3
"""PyTorch reference values for nnc's optimizers, schedules and gradient clipping (issue 10, item 3).

Writes test/reference/train-tables.json. Everything is float64 on the CPU. The tests read the JSON and
never need torch. Regenerate with (from the repository root):

    /usr/bin/python3 scripts/torch-reference/make-train-tables.py

Settings in the JSON are written the way a `.nn` train section writes them (`kind` and every argument
by its nnc name, defaults filled in), next to the torch call that produced the numbers.
"""

import json
import platform
import re
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # the helper modules next to this script leave no __pycache__ behind

import torch  # noqa: E402

from optimizer_cases import clipping_cases, optimizer_cases  # noqa: E402
from schedule_cases import schedule_cases, session_cases  # noqa: E402
from torch_common import B0, GRADS, W0  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test" / "reference" / "train-tables.json"


def compact_json(value):
    """Indented JSON with every list of scalars on one line (a trajectory step reads as one row)."""
    text = json.dumps(value, indent=1)
    text = re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s*\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
    assert json.loads(text) == value
    return text


def main():
    tables = {
        "about": "PyTorch reference values for nnc's optimizers, schedules and gradient clipping, float64. "
        "Made by scripts/torch-reference/make-train-tables.py; do not edit by hand.",
        "generator": "scripts/torch-reference/make-train-tables.py",
        "torch": torch.__version__,
        "python": platform.python_version(),
        "dtype": "float64",
        "params": {"W": {"shape": [2, 3], "values": [x for row in W0 for x in row]}, "b": {"shape": [3], "values": B0}},
        "gradients": [{"W": [x for row in gw for x in row], "b": gb} for gw, gb in GRADS],
        "optimizers": optimizer_cases(),
        "schedules": schedule_cases(),
        "clipping": clipping_cases(),
        "sessions": session_cases(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(compact_json(tables) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(tables['optimizers'])} optimizer trajectories, "
          f"{len(tables['schedules'])} schedules, {len(tables['clipping'])} clipping cases, {len(tables['sessions'])} runs (torch {torch.__version__})",
          file=sys.stderr)


if __name__ == "__main__":
    main()
