export { rewrite, type Decision, type Visit } from "./rewrite.ts";
export { dce } from "./dce.ts";
export { cse } from "./cse.ts";
export { fold } from "./fold.ts";
export { simplify, SIMPLIFY_RULES, type SimplifyRule } from "./simplify.ts";
export { typeRuleOf } from "./type-rule.ts";
export { PASSES, DEFAULT_PIPELINE, makePasses, runPipeline, type Pass, type PipelineOptions } from "./pipeline.ts";
export { sharedMatmul } from "./shared-matmul.ts";
export { reluMask } from "./relu-mask.ts";
