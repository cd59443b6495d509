/**
 * OnnxDraft → ModelProto bytes through onnx-proto's protobufjs classes (no hand-written encoder):
 * ir_version 8, the default domain at ONNX_OPSET, producer "nnc", initializers as little-endian raw_data.
 */
import onnxProto from "onnx-proto";
import { dimToString, type Dim } from "@nnc/ir";
import type { OnnxAttr } from "./contract.ts";
import type { OnnxExportResult, OnnxValueInfo } from "./api.ts";
import { ONNX_ELEM, rawBytes } from "./dtypes.ts";
import type { OnnxInitRec, OnnxIoRec, OnnxNodeRec } from "./emit.ts";
import type { OnnxDraft } from "./graph.ts";

const { onnx } = onnxProto;
const AT = onnx.AttributeProto.AttributeType;

export interface ModelMeta {
  /** The ONNX graph's name (the `.nn` model's name). */
  readonly modelName: string;
  readonly producerVersion: string;
  readonly doc?: string;
}

/** IR version 8 is the one ONNX 1.10 (opset 15–16) introduced; ORT reads it at opset 17. */
const IR_VERSION = 8;

export function encodeModel(draft: OnnxDraft, meta: ModelMeta): OnnxExportResult {
  if (draft.unsupported.length > 0) return { ok: false, unsupported: draft.unsupported };
  const { e } = draft;
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: "", version: e.opset }],
    producerName: "nnc",
    producerVersion: meta.producerVersion,
    docString: meta.doc ?? "",
    graph: {
      name: meta.modelName,
      docString: meta.doc ?? "",
      node: e.nodes.map(nodeProto),
      initializer: e.initializers.map(tensorProto),
      input: e.inputs.map(valueInfo),
      output: e.outputs.map(valueInfo),
    },
  });
  const bytes = onnx.ModelProto.encode(model).finish();
  return {
    ok: true,
    bytes,
    inputs: e.inputs.map(info),
    outputs: e.outputs.map(info),
    initializers: { count: e.initializers.length, elements: e.initializers.reduce((s, t) => s + t.data.length, 0) },
    opset: e.opset,
    ortFloatOnly: draft.ortFloatOnly,
  };
}

/** A node is named after its first result (unique, since value names are). */
function nodeProto(n: OnnxNodeRec): onnxProto.onnx.INodeProto {
  return { opType: n.opType, name: n.outputs[0] ?? n.opType, input: [...n.inputs], output: [...n.outputs], attribute: Object.entries(n.attrs).map(([name, a]) => attribute(name, a)) };
}

function attribute(name: string, a: OnnxAttr): onnxProto.onnx.IAttributeProto {
  if ("i" in a) return { name, type: AT.INT, i: a.i };
  if ("f" in a) return { name, type: AT.FLOAT, f: a.f };
  if ("s" in a) return { name, type: AT.STRING, s: new TextEncoder().encode(a.s) };
  if ("ints" in a) return { name, type: AT.INTS, ints: [...a.ints] };
  return { name, type: AT.FLOATS, floats: [...a.floats] };
}

function tensorProto(t: OnnxInitRec): onnxProto.onnx.ITensorProto {
  return { name: t.name, dataType: ONNX_ELEM[t.dtype].code, dims: [...t.dims], rawData: rawBytes(t.dtype, t.data) };
}

function dimProto(d: Dim): onnxProto.onnx.TensorShapeProto.IDimension {
  return typeof d === "number" ? { dimValue: d } : { dimParam: dimToString(d) };
}

function valueInfo(v: OnnxIoRec): onnxProto.onnx.IValueInfoProto {
  return { name: v.name, type: { tensorType: { elemType: ONNX_ELEM[v.dtype].code, shape: { dim: v.shape.map(dimProto) } } } };
}

function info(v: OnnxIoRec): OnnxValueInfo {
  return { name: v.name, elemType: ONNX_ELEM[v.dtype].name, shape: v.shape.map((d) => (typeof d === "number" ? d : dimToString(d))) };
}
