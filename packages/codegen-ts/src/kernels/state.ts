/**
 * Non-trainable state: `buffer` (stored like a parameter in an array of its own, written by initParams,
 * checkpoint loading and trainStep's buffer updates) and `training` (the model's flag as a bool scalar).
 */
import type { Kernel } from "../kernel-types.ts";

export const STATE_KERNELS = {
  buffer: { kind: "source" },
  // `training` is the phase method's parameter: true only in trainStep with the class's flag on
  // (run passes `upTo === 3 && this.training`), so forward, evalLoss and predict see 0.
  training: { kind: "uniform", scalar: () => "(training ? 1 : 0)" },
} satisfies Record<string, Kernel>;
