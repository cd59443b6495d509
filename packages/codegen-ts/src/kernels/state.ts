/** Non-trainable state: `buffer` (stored like a parameter, updated after a step) and `training` (the model's flag). */
import type { Kernel } from "../kernel-types.ts";

export const STATE_KERNELS = {} satisfies Record<string, Kernel>;
