/**
 * @nnc/export-onnx: the ONNX backend, a sibling of codegen-ts. It reads the optimized IR and the op
 * table and writes an ONNX model (protobuf, through onnx-proto): the inference graph, or the whole
 * training step (forward, nnc's explicit backward, the optimizer update) as one graph.
 */
export * from "./contract.ts";
export * from "./api.ts";
