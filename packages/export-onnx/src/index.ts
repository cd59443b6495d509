/**
 * @nnc/export-onnx: the ONNX backend, a sibling of codegen-ts. It reads the optimized IR and the op
 * table and writes an ONNX model (protobuf, through onnx-proto): the inference graph, or the whole
 * training step (forward, nnc's explicit backward, the optimizer update) as one graph.
 */
export * from "./contract.ts";
export * from "./api.ts";
export { OnnxBuilder, DimUnavailable, type OnnxIoRec, type OnnxInitRec, type OnnxNodeRec } from "./emit.ts";
export { translateGraph, type GraphExportOptions, type OnnxDraft } from "./graph.ts";
export { encodeModel, type ModelMeta } from "./model.ts";
export { exportInference } from "./inference.ts";
export { ONNX_ELEM, castTo, rawBytes } from "./dtypes.ts";
export { ONNX_OPS, onnxRuleOf } from "./ops/table.ts";
export * from "./train-step/index.ts";
