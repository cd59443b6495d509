/** What the CLI, the playground and the bench use from the packages below the driver. */
export { differentiate, explainBackward, derivedForwardNames, displayNames, hvp, renameForDisplay, ruleTable, type ExplainedStmt, type GradResult, type HvpResult } from "@nnc/autodiff";
export { bindDims, bufferUpdates, FeedError, fromNested, initBuffers, initParams, interpret, toNested } from "@nnc/interp";
export { dimToString, evalDim, graphBuffers, graphInputs, graphParams, isFloat, nodeMap, printBackward, printGraph, printNodeCode, specializeDims, typeToString, type Dim, type Graph, type Node, type TensorType } from "@nnc/ir";
export type { CheckOptions, DataSpec, LoweredModel, TrainInfo } from "@nnc/lower";
export { lookupOp, mulberry32, sizeOf, tensor, type OptimizerChoice, type Tensor, type UpdateSettings } from "@nnc/ops";
export {
  CLIPS,
  DATA_SOURCE_SIGS,
  dataSourceSig,
  METRICS,
  OPTIMIZERS,
  SCHEDULES,
  settingDefaults,
  signatureText,
  type ArgDef,
  type ArgUi,
  type ClipDef,
  type DataSourceSig,
  type MetricDef,
  type OptimizerDef,
  type ScheduleDef,
  type SettingDef,
} from "@nnc/ops";
