export { generateModel, generateForward, type GenerateInput, type GeneratedModel } from "./generate.ts";
export { KERNELS, kernelOf } from "./kernels/table.ts";
export type { Kernel } from "./kernel-types.ts";
export { baseIdentifier, NameTable, jsString, commentText } from "./names.ts";
export { compactMemoryPlan } from "./memory.ts";
