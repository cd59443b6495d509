/**
 * The train section's optimizer in Python, one rule per kind (packages/ops/src/train/optimizers*.ts
 * `reference` is the truth; torch.optim computes the same updates): weight decay reaches parameters of
 * rank ≥ 2 only, unless decay_all — two parameter groups. Lion is not in torch 1.13: a small
 * torch.optim.Optimizer subclass in the program implements nnc's reference.
 */
import type { OptimizerChoice } from "@nnc/ops";
import type { OptimizerKind } from "@nnc/runtime/core";
import { pyNum, pyValue } from "./py-lit.ts";

export interface PyOptimizerRule {
  /** The constructor call over `groups` (param groups) and `lr` (the base rate), without weight decay (each group has its own). */
  readonly make: (o: OptimizerChoice) => string;
  /** Python definitions the call needs (the Lion class). */
  readonly helper?: string;
}

function num(o: OptimizerChoice, name: string): string {
  const v = o.args[name];
  return typeof v === "number" ? pyNum(v) : pyValue(v ?? 0);
}

const adamLike = (cls: string) => (o: OptimizerChoice): string => `torch.optim.${cls}(groups, lr=lr, betas=(${num(o, "beta1")}, ${num(o, "beta2")}), eps=${num(o, "eps")})`;

const LION = String.raw`
class Lion(torch.optim.Optimizer):
    """Lion (Chen et al. 2023) as nnc's reference: c = b1*m + (1-b1)*g; w *= 1 - lr*wd; w -= lr*sign(c); m = b2*m + (1-b2)*g."""

    def __init__(self, params, lr, betas=(0.9, 0.99), weight_decay=0.0):
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            b1, b2 = group["betas"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "m" not in state:
                    state["m"] = torch.zeros_like(p)
                m = state["m"]
                c = m * b1 + p.grad * (1 - b1)
                if group["weight_decay"] != 0:
                    p.mul_(1 - group["lr"] * group["weight_decay"])
                p.add_(torch.sign(c), alpha=-group["lr"])
                m.mul_(b2).add_(p.grad, alpha=1 - b2)
`;

export const PY_OPTIMIZERS = {
  sgd: { make: (o) => `torch.optim.SGD(groups, lr=lr, momentum=${num(o, "momentum")}, dampening=0, nesterov=${pyValue(o.args["nesterov"] ?? false)})` },
  adam: { make: adamLike("Adam") },
  adamw: { make: adamLike("AdamW") },
  // nnc's rho is torch's alpha (nnc's default 0.9, torch's 0.99: the value is always written out).
  rmsprop: { make: (o) => `torch.optim.RMSprop(groups, lr=lr, alpha=${num(o, "rho")}, eps=${num(o, "eps")}, momentum=${num(o, "momentum")}, centered=False)` },
  adagrad: { make: (o) => `torch.optim.Adagrad(groups, lr=lr, lr_decay=0, initial_accumulator_value=0, eps=${num(o, "eps")})` },
  lion: { make: (o) => `Lion(groups, lr=lr, betas=(${num(o, "beta1")}, ${num(o, "beta2")}))`, helper: LION },
} satisfies Record<OptimizerKind, PyOptimizerRule>;

/** The optimizer's weight decay (0 for kinds without one). */
export function weightDecay(o: OptimizerChoice): number {
  const v = o.args["weight_decay"];
  return typeof v === "number" ? v : 0;
}
