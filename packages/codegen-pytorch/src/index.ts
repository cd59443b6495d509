/**
 * @nnc/codegen-pytorch: the PyTorch backend, a sibling of codegen-ts. It reads the forward IR and the
 * op and training tables and writes one readable Python program: an nn.Module whose parameters are
 * named and initialized as in the `.nn` file, the loss, the train section's optimizer, schedule and
 * clipping, data loading for the same sources, checkpoints, and DistributedDataParallel under torchrun.
 */
export * from "./contract.ts";
export * from "./api.ts";
export { emitModule, PY_IMPORTS } from "./module/emit-module.ts";
export type { PyInputEntry, PyModuleOptions, PyModuleResult, PyStateEntry } from "./module/types.ts";
export { PY_OPS, pyRuleOf } from "./ops/table.ts";
export { pyStr, pyNum, pyIdentBase, IdentTable } from "./py-text.ts";
export { emitPytorchProgram } from "./program/program.ts";
export { PY_DATA_SOURCES } from "./program/data-sources.ts";
