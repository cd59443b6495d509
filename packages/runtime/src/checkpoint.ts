import { readFileSync } from "node:fs";
import { atomicWrite } from "./atomic-write.ts";
import type { CompiledModel, FloatArray } from "./compiled-model.ts";
import { DataError, fileErrorReason } from "./data-error.ts";

/** The first 8 bytes of every checkpoint file. */
export const CHECKPOINT_MAGIC = "NNCKPT01";

export interface CheckpointTensor {
  readonly name: string;
  readonly group: "param" | "optimizer";
  readonly dtype: "f32" | "f64";
  readonly shape: readonly number[];
  readonly data: FloatArray;
}

/** Everything a resumed run needs to continue exactly where the saved one stopped. */
export interface Checkpoint {
  readonly model: string;
  readonly source: string;
  /** Epochs completed. */
  readonly epoch: number;
  readonly seed: number;
  /** The shuffling stream's state after `epoch` epochs. */
  readonly rng: readonly number[];
  readonly lr: number | null;
  readonly tensors: readonly CheckpointTensor[];
}

interface HeaderTensor {
  name: string;
  group: "param" | "optimizer";
  dtype: "f32" | "f64";
  shape: number[];
  offset: number;
}

/**
 * Binary layout: the 8-byte magic, a little-endian u32 header length H, H bytes of JSON header
 * ({format, version, model, source, epoch, seed, rng, lr, tensors: [{name, group, dtype, shape, offset}]}),
 * zero padding to a multiple of 8, then each tensor's elements little-endian at `offset` (relative to
 * the data start, 8-aligned).
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array[] {
  const headerTensors: HeaderTensor[] = [];
  let offset = 0;
  for (const t of c.tensors) {
    headerTensors.push({ name: t.name, group: t.group, dtype: t.dtype, shape: [...t.shape], offset });
    offset += Math.ceil((t.data.length * (t.dtype === "f32" ? 4 : 8)) / 8) * 8;
  }
  const header = { format: "nnc-checkpoint", version: 1, model: c.model, source: c.source, epoch: c.epoch, seed: c.seed, rng: c.rng, lr: c.lr, tensors: headerTensors };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const pre = new Uint8Array(Math.ceil((12 + json.length) / 8) * 8);
  pre.set(Buffer.from(CHECKPOINT_MAGIC, "latin1"), 0);
  new DataView(pre.buffer).setUint32(8, json.length, true);
  pre.set(json, 12);
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  for (const [i, t] of c.tensors.entries()) {
    const at = headerTensors[i]!.offset;
    for (let j = 0; j < t.data.length; j++) {
      if (t.dtype === "f32") view.setFloat32(at + 4 * j, t.data[j]!, true);
      else view.setFloat64(at + 8 * j, t.data[j]!, true);
    }
  }
  return [pre, data];
}

function isHeaderTensor(v: unknown): v is HeaderTensor {
  if (typeof v !== "object" || v === null) return false;
  const t = v as Record<string, unknown>;
  return typeof t["name"] === "string" && (t["group"] === "param" || t["group"] === "optimizer") && (t["dtype"] === "f32" || t["dtype"] === "f64") && Array.isArray(t["shape"]) && (t["shape"] as unknown[]).every((d) => Number.isInteger(d) && (d as number) >= 0) && Number.isInteger(t["offset"]);
}

export function decodeCheckpoint(bytes: Uint8Array, path: string): Checkpoint {
  const fail = (message: string, offset: number): never => {
    throw new DataError("E0640", `\`${path}\` is not a valid nnc checkpoint: ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, help: "pass a file written by `nnc train --save`" });
  };
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString("latin1") !== CHECKPOINT_MAGIC) fail(`it does not start with "${CHECKPOINT_MAGIC}"`, 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(8, true);
  if (12 + h > bytes.length) fail(`the header claims ${h} bytes, but the file ends first`, bytes.length);
  let header: Record<string, unknown> = {};
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + h)).toString("utf8")) as Record<string, unknown>;
  } catch {
    fail("its header is not JSON", 12);
  }
  const rng = header["rng"];
  const tensors = header["tensors"];
  if (header["format"] !== "nnc-checkpoint" || header["version"] !== 1 || typeof header["model"] !== "string" || !Number.isInteger(header["epoch"]) || !Array.isArray(rng) || !Array.isArray(tensors) || !tensors.every(isHeaderTensor)) {
    fail("its header lacks fields or has an unknown version", 12);
  }
  const dataStart = Math.ceil((12 + h) / 8) * 8;
  const out = (tensors as HeaderTensor[]).map((t): CheckpointTensor => {
    const length = t.shape.reduce((a, b) => a * b, 1);
    const width = t.dtype === "f32" ? 4 : 8;
    const at = dataStart + t.offset;
    if (at + length * width > bytes.length) fail(`the data of \`${t.name}\` runs past the end of the file (truncated)`, bytes.length);
    const data = t.dtype === "f32" ? new Float32Array(length) : new Float64Array(length);
    for (let j = 0; j < length; j++) data[j] = t.dtype === "f32" ? view.getFloat32(at + 4 * j, true) : view.getFloat64(at + 8 * j, true);
    return { name: t.name, group: t.group, dtype: t.dtype, shape: t.shape, data };
  });
  const lr = header["lr"];
  return { model: header["model"] as string, source: typeof header["source"] === "string" ? header["source"] : "", epoch: header["epoch"] as number, seed: typeof header["seed"] === "number" ? header["seed"] : 0, rng: rng as number[], lr: typeof lr === "number" ? lr : null, tensors: out };
}

/** The model's parameters and optimizer state, with the run's position, as a checkpoint. */
export function checkpointOf(model: CompiledModel, run: { source: string; epoch: number; seed: number; rng: readonly number[]; lr: number | null }): Checkpoint {
  const dtype = model.meta.dtype;
  const tensors: CheckpointTensor[] = model.meta.params.map((p) => ({ name: p.name, group: "param", dtype, shape: p.shape.map(Number), data: model.params[p.name]! }));
  for (const [name, data] of Object.entries(model.optimizerState)) {
    tensors.push({ name, group: "optimizer", dtype: data instanceof Float64Array ? "f64" : "f32", shape: [data.length], data });
  }
  return { model: model.meta.model, ...run, tensors };
}

export function saveCheckpoint(path: string, c: Checkpoint): void {
  atomicWrite(path, encodeCheckpoint(c));
}

export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError("E0640", `cannot read the checkpoint \`${path}\`: ${fileErrorReason(e)}`, { file: path });
  }
  return decodeCheckpoint(bytes, path);
}

/**
 * Copies a checkpoint's tensors into the model. Refused (E0641, nothing copied) when it was saved
 * from another model, or when a parameter is missing, extra, or has another shape; optimizer state
 * is restored only when `withOptimizer` (resuming), and must then match in size too.
 */
export function restoreCheckpoint(model: CompiledModel, c: Checkpoint, path: string, withOptimizer: boolean): void {
  const problems: string[] = [];
  if (c.model !== model.meta.model) problems.push(`it was saved from model \`${c.model}\`, not \`${model.meta.model}\``);
  const saved = new Map(c.tensors.map((t) => [`${t.group}:${t.name}`, t]));
  for (const p of model.meta.params) {
    const t = saved.get(`param:${p.name}`);
    if (t === undefined) problems.push(`parameter \`${p.name}\` is missing`);
    else if (t.shape.join(",") !== p.shape.join(",")) problems.push(`parameter \`${p.name}\` has shape [${t.shape.join(", ")}] in the checkpoint, but [${p.shape.join(", ")}] in the model`);
  }
  const names = new Set(model.meta.params.map((p) => p.name));
  for (const t of c.tensors) if (t.group === "param" && !names.has(t.name)) problems.push(`the checkpoint has parameter \`${t.name}\`, which the model lacks`);
  if (withOptimizer) {
    for (const [name, data] of Object.entries(model.optimizerState)) {
      const t = saved.get(`optimizer:${name}`);
      if (t === undefined) problems.push(`optimizer state \`${name}\` is missing (was it saved with another optimizer?)`);
      else if (t.data.length !== data.length) problems.push(`optimizer state \`${name}\` has ${t.data.length} values in the checkpoint, but ${data.length} in the model`);
    }
  }
  if (problems.length > 0) {
    throw new DataError("E0641", `the checkpoint \`${path}\` does not fit model \`${model.meta.model}\`: ${problems.join("; ")}`, {
      file: path,
      help: "load a checkpoint saved from this model with the same shapes, or train afresh without --resume",
    });
  }
  for (const t of c.tensors) {
    const dst = t.group === "param" ? model.params[t.name] : withOptimizer ? model.optimizerState[t.name] : undefined;
    dst?.set(t.data);
  }
}
