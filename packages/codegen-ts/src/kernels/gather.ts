/** Lookups: `take` (rows of a table by integer ids) and its transpose `scatter_add`. */
import type { Kernel } from "../kernel-types.ts";

export const GATHER_KERNELS = {} satisfies Record<string, Kernel>;
