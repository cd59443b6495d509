export { differentiate, cotangentName, SEED_RULE, COTANGENT_RULE, FANOUT_RULE, ZERO_RULE, type GradRequest, type GradResult } from "./differentiate.ts";
export { hvp, type HvpResult } from "./hvp.ts";
export { explainBackward, vjpDocFor, type ExplainedStmt, type ExplainOptions } from "./explain.ts";
export { groupSteps, outsideSteps, type ExplainItem, type StepGroup } from "./explain-steps.ts";
export { stepAffinity } from "./step-affinity.ts";
export { derivedForwardNames, nameCotangents, type Differentiated } from "./naming.ts";
export { ruleTable } from "./rule-table.ts";
export { displayNames, renameForDisplay } from "./display-names.ts";
