import { makeDataset, type BoundData, type CompiledModel, type ModelMeta, type NonFiniteValue } from "@nnc/runtime";

/** Test support. A 3-class "model" whose logits are fixed per x: class round(x), with x = 9 a tie of classes 1 and 2 (argmax keeps 1). */
export class NearestClass implements CompiledModel {
  readonly meta: ModelMeta = {
    model: "Nearest",
    inputs: [{ name: "x", dtype: "f32", shape: ["B", 1] }],
    trainInputs: [{ name: "label", dtype: "i32", shape: ["B"] }],
    outputs: [{ name: "logits", dtype: "f32", shape: ["B", 3] }],
    params: [],
    batchDim: "B",
    dtype: "f32",
    hasLoss: true,
  };
  readonly maxBatch = 2;
  readonly params = {};
  readonly optimizerState = {};
  readonly inputs = { x: new Float32Array(2), label: new Int32Array(2) };
  readonly outputs = { logits: new Float32Array(6) };
  forwardRows: number[] = [];
  forward(rows: number): void {
    this.forwardRows.push(rows);
    for (let r = 0; r < rows; r++) {
      const x = this.inputs.x[r]!;
      for (let j = 0; j < 3; j++) this.outputs.logits[r * 3 + j] = x === 9 ? (j === 0 ? 0 : 1) : j === Math.round(x) ? 1 : 0;
    }
  }
  initParams(): void {}
  trainStep(): number {
    return 0;
  }
  evalLoss(): number {
    return 0;
  }
  setLearningRate(): void {}
  firstNonFinite(): NonFiniteValue | null {
    return null;
  }
}

export function bound(xs: number[], labels: number[], classNames?: string[]): BoundData {
  const ds = makeDataset("t", [
    { name: "x", shape: [1], data: Float32Array.from(xs), byteScale: 1 },
    { name: "label", shape: [], data: Int32Array.from(labels), byteScale: 1, ...(classNames === undefined ? {} : { classNames }) },
  ], (i) => ({ file: "t", where: `example ${i}` }));
  return { dataset: ds, size: xs.length, fields: [{ input: "x", width: 1, data: Float32Array.from(xs) }, { input: "label", width: 1, data: Int32Array.from(labels) }] };
}
