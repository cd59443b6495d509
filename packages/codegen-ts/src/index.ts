export { generateModel } from "./generate.ts";
export type { GenerateOptions } from "./generate.ts";
export { planModelMemory } from "./model-plan.ts";
export type { CodegenInput, CodegenTrain, ExplainedValue, GeneratedModel } from "./input.ts";
export { KERNELS, kernelOf } from "./kernels/table.ts";
export type { Kernel } from "./kernel-types.ts";
export { baseIdentifier, NameTable, jsString, commentText } from "./names.ts";
export { compactMemoryPlan } from "./memory.ts";
export { MAX_INLINE_DEPTH } from "./plan.ts";
