/** The optimizer table: one record per OptimizerKind (a kind without a record fails to typecheck). */
import type { OptimizerKind } from "@nnc/runtime/core";
import type { OptimizerDef } from "./optimizer-def.ts";
import { ADAM, ADAMW, LION } from "./optimizers-adam.ts";
import { ADAGRAD, RMSPROP, SGD } from "./optimizers-sgd.ts";

export const OPTIMIZERS: Readonly<Record<OptimizerKind, OptimizerDef>> = {
  sgd: SGD,
  adam: ADAM,
  adamw: ADAMW,
  rmsprop: RMSPROP,
  adagrad: ADAGRAD,
  lion: LION,
};
