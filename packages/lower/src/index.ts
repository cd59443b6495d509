export type { CheckOptions, DataSpec, LoweredModel, TrainInfo, TrainOptimizer } from "./api.ts";
export { checkProgram } from "./check-program.ts";
export { BUILTINS } from "./builtins/table.ts";
export type { BuiltinDef } from "./builtins/types.ts";
export { editDistance, closest } from "./suggest.ts";
export { builtinsReference, builtinParamText } from "./builtins/reference.ts";
export { DATA_SOURCE_SIGS, dataSourceSig, type DataArgSig, type DataSourceSig } from "./data-sources.ts";
export { standardLibrary, librarySignature, isLibrarySpan, LIBRARY_PREFIX, type Library } from "./stdlib/library.ts";
