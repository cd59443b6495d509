/** Elementwise unary ops: torch functions with nnc's values and derivatives (relu'(0) = 0 as in autograd). */
import { attrNumber } from "@nnc/ops";
import type { PyRule, PyRuleContext } from "../contract.ts";
import { op, wrap } from "./operand.ts";

const call = (f: string): PyRule => ({ expr: (c: PyRuleContext) => `${f}(${c.args[0]!})` });

export const UNARY_PY = {
  neg: { expr: (c) => `-${wrap(c.args[0]!, 14, false)}` },
  exp: call("torch.exp"),
  log: call("torch.log"),
  sqrt: call("torch.sqrt"),
  abs: call("torch.abs"),
  sign: call("torch.sign"),
  relu: call("torch.relu"),
  leaky_relu: { expr: (c) => `F.leaky_relu(${c.args[0]!}, ${c.py.num(attrNumber(c.node.attrs, "alpha"))})` },
  sigmoid: call("torch.sigmoid"),
  tanh: call("torch.tanh"),
  softplus: { expr: (c) => `${c.py.helper("softplus")}(${c.args[0]!})` },
  erf: call("torch.erf"),
  sin: call("torch.sin"),
  cos: call("torch.cos"),
  elu: { expr: (c) => `F.elu(${c.args[0]!}, ${c.py.num(attrNumber(c.node.attrs, "alpha"))})` },
  stop_gradient: { expr: (c) => `${op(c.args[0]!)}.detach()` },
} satisfies Record<string, PyRule>;
