import { createHash } from "node:crypto";
import { atomicWrite } from "./atomic-write.ts";
import { badBufferValue, bufferProblems, bufferTensors, groupAllows, missingBuffersError, readElement, tensorArray, tensorElementBytes, writeElement, type TensorDType, type TensorGroup } from "./checkpoint-buffers.ts";
import type { AnyArray, CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { byteCountText, readRegularFile } from "./file-read.ts";
import { vocabProblem } from "./text-vocab.ts";

/** The first 8 bytes of every checkpoint file: "NNCKPT" and the format version, two digits. */
export const CHECKPOINT_MAGIC = "NNCKPT02";
const CHECKPOINT_VERSION = 2;
/** The SHA-256 digest that ends the file. */
const DIGEST_BYTES = 32;
/** Magic and header length: where the JSON header starts. */
const HEADER_START = 12;

export interface CheckpointTensor {
  readonly name: string;
  /** Params and optimizer state are f32/f64; buffers (non-trainable state) may also be i32 or bool. */
  readonly group: TensorGroup;
  readonly dtype: TensorDType;
  readonly shape: readonly number[];
  readonly data: AnyArray;
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
  /** Trained on text data (`chars`, `names`): the characters of ids 1…V (id i + 1 = vocab[i]; 0 the boundary); absent otherwise. */
  readonly vocab?: readonly string[];
  /** The optimizer kind its "optimizer" tensors belong to (`adam`); absent in checkpoints written before it was recorded. */
  readonly optimizer?: string;
}

interface HeaderTensor {
  name: string;
  group: TensorGroup;
  dtype: TensorDType;
  shape: number[];
  offset: number;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const elementBytes = tensorElementBytes;

/**
 * Binary layout (format 2): the 8-byte magic `NNCKPT02`, a little-endian u32 header length H, H bytes
 * of JSON header ({format, version, model, source, epoch, seed, rng, lr, dataBytes, tensors: [{name,
 * group, dtype, shape, offset}], and `vocab` for a model trained on text), zero padding to a multiple of 8, `dataBytes` bytes of data (each
 * tensor's elements little-endian at its 8-aligned `offset` from the data start), then the SHA-256
 * of every byte before it. Groups: "param", "optimizer", and "buffer" (a model's non-trainable state;
 * absent for models without buffers, so their checkpoints are as before).
 */
export function encodeCheckpoint(c: Checkpoint): Uint8Array[] {
  const headerTensors: HeaderTensor[] = [];
  let offset = 0;
  for (const t of c.tensors) {
    headerTensors.push({ name: t.name, group: t.group, dtype: t.dtype, shape: [...t.shape], offset });
    offset += align8(t.data.length * elementBytes(t.dtype));
  }
  const header = { format: "nnc-checkpoint", version: CHECKPOINT_VERSION, model: c.model, source: c.source, epoch: c.epoch, seed: c.seed, rng: c.rng, lr: c.lr, dataBytes: offset, tensors: headerTensors, ...(c.vocab === undefined ? {} : { vocab: c.vocab }), ...(c.optimizer === undefined ? {} : { optimizer: c.optimizer }) };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const pre = new Uint8Array(align8(HEADER_START + json.length));
  pre.set(Buffer.from(CHECKPOINT_MAGIC, "latin1"), 0);
  new DataView(pre.buffer).setUint32(8, json.length, true);
  pre.set(json, HEADER_START);
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  for (const [i, t] of c.tensors.entries()) {
    const at = headerTensors[i]!.offset;
    for (let j = 0; j < t.data.length; j++) writeElement(view, at, t.dtype, j, t.data[j]!);
  }
  const digest = createHash("sha256").update(pre).update(data).digest();
  return [pre, data, new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength)];
}

/** A field check that failed: which field, and why (a checkpoint's header is validated field by field). */
type Fail = (message: string, offset: number) => never;

function isWhole(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** The header's scalar fields, each checked: a failure names the field and the rule it breaks. */
function checkFields(h: Record<string, unknown>, fail: Fail): Omit<Checkpoint, "tensors"> & { dataBytes: number } {
  const at = HEADER_START;
  const field = (name: string, ok: boolean, rule: string): void => {
    if (!ok) fail(`its header field \`${name}\` is ${h[name] === undefined ? "missing" : JSON.stringify(h[name])}; it must be ${rule}`, at);
  };
  field("format", h["format"] === "nnc-checkpoint", '"nnc-checkpoint"');
  field("version", h["version"] === CHECKPOINT_VERSION, `${CHECKPOINT_VERSION} (the version its magic number says)`);
  field("model", typeof h["model"] === "string" && h["model"] !== "" && !UNPRINTABLE.test(h["model"]), "the model's name (printable)");
  field("source", typeof h["source"] === "string", "a string (the .nn file)");
  field("epoch", isWhole(h["epoch"]), "a whole number ≥ 0 (the epochs completed)");
  field("seed", isWhole(h["seed"]), "a whole number ≥ 0");
  const rng = h["rng"];
  field("rng", Array.isArray(rng) && rng.length === 4 && rng.every((v) => isWhole(v) && v <= 0xffffffff) && rng.some((v) => v !== 0), "four unsigned 32-bit integers, not all zero (the shuffling stream's state)");
  const lr = h["lr"];
  field("lr", lr === null || (typeof lr === "number" && Number.isFinite(lr) && lr > 0), "null or a number > 0");
  field("dataBytes", isWhole(h["dataBytes"]) && h["dataBytes"] % 8 === 0, "a whole number ≥ 0, a multiple of 8");
  const vocab = h["vocab"];
  const vocabWhy = vocab === undefined ? null : vocabProblem(vocab);
  if (vocabWhy !== null) fail(`its header field \`vocab\` must be ${vocabWhy}`, at);
  const optimizer = h["optimizer"];
  if (optimizer !== undefined) field("optimizer", typeof optimizer === "string" && /^[a-z][a-z0-9_]{0,31}$/.test(optimizer), "an optimizer's name such as \"adam\"");
  const scalars = { model: h["model"] as string, source: h["source"] as string, epoch: h["epoch"] as number, seed: h["seed"] as number, rng: rng as number[], lr: lr as number | null, dataBytes: h["dataBytes"] as number, ...(optimizer === undefined ? {} : { optimizer: optimizer as string }) };
  return vocab === undefined ? scalars : { ...scalars, vocab: vocab as string[] };
}

/**
 * The tensor list, each entry checked: a known group and dtype, a shape of whole numbers, an offset
 * that is ≥ 0, 8-aligned and keeps the data inside the data section, no two tensors overlapping and
 * no name twice in a group.
 */
/**
 * Characters no parameter or buffer name contains (names come from `.nn` identifiers, digits, `.`, `[`, `]`):
 * C0/C1 controls, line and paragraph separators, bidi controls. A checkpoint naming a tensor with one is
 * refused, so no name from a file can forge lines or colours in a later message.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are refused in names
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function checkTensors(list: unknown, dataStart: number, dataBytes: number, fail: Fail): HeaderTensor[] {
  if (!Array.isArray(list)) fail(`its header field \`tensors\` is ${list === undefined ? "missing" : JSON.stringify(list)}; it must be a list`, HEADER_START);
  const out: HeaderTensor[] = [];
  const names = new Set<string>();
  for (const [i, raw] of (list as unknown[]).entries()) {
    const t = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const printable = typeof t["name"] === "string" && !UNPRINTABLE.test(t["name"]);
    const label = printable ? `tensor ${i} (\`${t["name"] as string}\`)` : `tensor ${i}`;
    const bad = (what: string, offset = HEADER_START): never => fail(`${label}: ${what}`, offset);
    if (typeof t["name"] !== "string" || t["name"] === "") bad("its `name` must be a non-empty string");
    if (!printable) bad(`its \`name\` ${JSON.stringify(t["name"])} contains control or line-breaking characters, which no model name has`);
    if (t["group"] !== "param" && t["group"] !== "optimizer" && t["group"] !== "buffer") bad(`its \`group\` is ${JSON.stringify(t["group"])}; it must be "param", "optimizer" or "buffer"`);
    if (!groupAllows(t["group"] as TensorGroup, t["dtype"])) bad(`its \`dtype\` is ${JSON.stringify(t["dtype"])}; it must be "f32" or "f64"${t["group"] === "buffer" ? ', "i32" or "bool"' : ""}`);
    const shape = t["shape"];
    if (!Array.isArray(shape) || !shape.every(isWhole)) bad(`its \`shape\` is ${JSON.stringify(shape)}; it must be a list of whole numbers ≥ 0`);
    const tensor = { name: t["name"] as string, group: t["group"] as TensorGroup, dtype: t["dtype"] as TensorDType, shape: shape as number[], offset: 0 };
    const key = `${tensor.group}:${tensor.name}`;
    if (names.has(key)) bad(`it is listed twice in group "${tensor.group}"`);
    names.add(key);
    const offset = t["offset"];
    if (typeof offset !== "number" || !Number.isSafeInteger(offset)) bad(`its \`offset\` is ${JSON.stringify(offset)}; it must be a whole number`);
    const off = offset as number;
    if (off < 0) bad(`its \`offset\` ${off} is negative`);
    if (off % 8 !== 0) bad(`its \`offset\` ${off} is not a multiple of 8`, dataStart + off);
    const bytes = tensor.shape.reduce((a, d) => a * d, 1) * elementBytes(tensor.dtype);
    if (!Number.isSafeInteger(bytes) || off + bytes > dataBytes) {
      bad(`its data (shape [${tensor.shape.join(", ")}], ${tensor.dtype}: ${byteCountText(bytes)} at offset ${off}) runs past the end of the data section (${byteCountText(dataBytes)})`, dataStart + off);
    }
    out.push({ ...tensor, offset: off });
  }
  // In offset order, each non-empty tensor must start at or after the furthest end seen so far.
  const spans = out.map((t, i) => ({ t, i, end: t.offset + t.shape.reduce((a, d) => a * d, 1) * elementBytes(t.dtype) })).filter((s) => s.end > s.t.offset);
  spans.sort((a, b) => a.t.offset - b.t.offset);
  let furthest: (typeof spans)[number] | undefined;
  for (const cur of spans) {
    if (furthest !== undefined && cur.t.offset < furthest.end) {
      fail(`tensor ${cur.i} (\`${cur.t.name}\`) at offset ${cur.t.offset} overlaps tensor ${furthest.i} (\`${furthest.t.name}\`), which ends at offset ${furthest.end}`, dataStart + cur.t.offset);
    }
    if (furthest === undefined || cur.end > furthest.end) furthest = cur;
  }
  return out;
}

/**
 * A tensor's values; NaN anywhere, ±Infinity in a parameter, a step count that is not a whole number
 * ≥ 0 and a bool buffer element other than 0/1 are refused.
 */
function readTensor(view: DataView, at: number, t: HeaderTensor, fail: Fail): AnyArray {
  const length = t.shape.reduce((a, d) => a * d, 1);
  const data = tensorArray(t.dtype, length);
  for (let j = 0; j < length; j++) data[j] = readElement(view, at, t.dtype, j);
  const step = t.group === "optimizer" && t.name === "step";
  const what = t.group === "param" ? "parameter" : t.group === "buffer" ? "buffer" : "optimizer state";
  for (let j = 0; j < length; j++) {
    const v = data[j]!;
    const why = t.group === "buffer" ? badBufferValue(t.dtype, v) : Number.isNaN(v) || (t.group === "param" && !Number.isFinite(v)) || (step && !(Number.isInteger(v) && v >= 0)) ? `${v}` : null;
    if (why !== null) fail(`${what} \`${t.name}\` holds ${why} at element ${j}${step ? "; a step count is a whole number ≥ 0" : ""}`, at + j * elementBytes(t.dtype));
  }
  return data;
}

function damaged(path: string, message: string): DataError {
  return new DataError("E0650", `the checkpoint \`${path}\` is damaged: ${message}`, {
    file: path,
    help: "nothing was loaded; use an intact copy of the checkpoint, or train again with --save",
  });
}

/** The total size an (unverified) header describes, to tell a truncated file from a corrupted one. */
function describedSize(bytes: Uint8Array): number | undefined {
  const h = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (HEADER_START + h > bytes.length) return undefined;
  try {
    const header = JSON.parse(Buffer.from(bytes.subarray(HEADER_START, HEADER_START + h)).toString("utf8")) as Record<string, unknown>;
    return isWhole(header["dataBytes"]) ? align8(HEADER_START + h) + header["dataBytes"] + DIGEST_BYTES : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decodes and verifies a checkpoint: the magic (format 1, from an older nnc, is refused with a clear
 * message), then the SHA-256 over everything before it (E0650: damaged), then every header field and
 * tensor (E0640, naming the check that failed). Nothing is returned unless all of it holds.
 */
export function decodeCheckpoint(bytes: Uint8Array, path: string): Checkpoint {
  const fail: Fail = (message, offset) => {
    throw new DataError("E0640", `\`${path}\` is not a valid nnc checkpoint: ${message} (byte offset ${offset})`, { file: path, where: `byte ${offset}`, help: "pass a file written by `nnc train --save`" });
  };
  const magic = Buffer.from(bytes.subarray(0, 8)).toString("latin1");
  if (bytes.length < 8 || !magic.startsWith("NNCKPT")) fail(`it does not start with "${CHECKPOINT_MAGIC}"`, 0);
  if (magic === "NNCKPT01") {
    throw new DataError("E0640", `\`${path}\` was written by an older nnc (checkpoint format 1, without a checksum); this nnc reads format ${CHECKPOINT_VERSION}`, {
      file: path,
      where: "byte 0",
      help: "train again with --save to write a checkpoint in the current format",
    });
  }
  if (magic !== CHECKPOINT_MAGIC) fail(`its format \`${magic}\` is not ${CHECKPOINT_MAGIC} (written by a newer nnc?)`, 0);
  if (bytes.length < HEADER_START + DIGEST_BYTES) throw damaged(path, `it is truncated: ${byteCountText(bytes.length)}, too short to hold a header and a checksum`);
  const body = bytes.subarray(0, bytes.length - DIGEST_BYTES);
  const digest = createHash("sha256").update(body).digest();
  if (!digest.equals(bytes.subarray(bytes.length - DIGEST_BYTES))) {
    const size = describedSize(bytes);
    throw damaged(path, size !== undefined && size !== bytes.length
      ? `it is ${byteCountText(bytes.length)}, but its header describes ${byteCountText(size)} (truncated or extended), and its SHA-256 checksum does not match`
      : "its SHA-256 checksum does not match its contents (corrupted bytes, or edited)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = view.getUint32(8, true);
  if (HEADER_START + h > body.length) fail(`its header length ${h} runs past the end of the file`, 8);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(HEADER_START, HEADER_START + h)).toString("utf8"));
  } catch {
    fail("its header is not JSON", HEADER_START);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) fail("its header is not a JSON object", HEADER_START);
  const fields = checkFields(header as Record<string, unknown>, fail);
  const dataStart = align8(HEADER_START + h);
  if (dataStart + fields.dataBytes !== body.length) {
    fail(`its header describes ${byteCountText(dataStart + fields.dataBytes + DIGEST_BYTES)}, but the file is ${byteCountText(bytes.length)}`, body.length);
  }
  const tensors = checkTensors((header as Record<string, unknown>)["tensors"], dataStart, fields.dataBytes, fail);
  const out = tensors.map((t): CheckpointTensor => ({ name: t.name, group: t.group, dtype: t.dtype, shape: t.shape, data: readTensor(view, dataStart + t.offset, t, fail) }));
  return { model: fields.model, source: fields.source, epoch: fields.epoch, seed: fields.seed, rng: fields.rng, lr: fields.lr, tensors: out, ...(fields.vocab === undefined ? {} : { vocab: fields.vocab }), ...(fields.optimizer === undefined ? {} : { optimizer: fields.optimizer }) };
}

/** The model's parameters, buffers and optimizer state, with the run's position, as a checkpoint. */
export function checkpointOf(model: CompiledModel, run: { source: string; epoch: number; seed: number; rng: readonly number[]; lr: number | null; vocab?: readonly string[]; optimizer?: string }): Checkpoint {
  const dtype = model.meta.dtype;
  const tensors: CheckpointTensor[] = model.meta.params.map((p) => ({ name: p.name, group: "param", dtype, shape: p.shape.map(Number), data: model.params[p.name]! }));
  tensors.push(...bufferTensors(model));
  for (const [name, data] of Object.entries(model.optimizerState)) {
    tensors.push({ name, group: "optimizer", dtype: data instanceof Float64Array ? "f64" : "f32", shape: [data.length], data });
  }
  return { model: model.meta.model, ...run, tensors };
}

export function saveCheckpoint(path: string, c: Checkpoint): void {
  atomicWrite(path, encodeCheckpoint(c));
}

/** Reads and verifies a checkpoint: a regular file of at most maxDataBytes() (a pipe or device is refused). */
export function loadCheckpoint(path: string): Checkpoint {
  const bytes = readRegularFile(path, (reason) => new DataError("E0640", `cannot read the checkpoint \`${path}\`: ${reason}`, { file: path }));
  return decodeCheckpoint(bytes, path);
}

/**
 * Copies a checkpoint's tensors into the model. Refused (E0641, nothing copied) when it was saved
 * from another model, or when a parameter or buffer is missing, extra, or has another shape (a model
 * buffer the checkpoint lacks alone: E0607); buffers are always restored (predict needs them),
 * optimizer state only when `withOptimizer` (resuming), and must then match: the same optimizer kind
 * (when both the checkpoint and `optimizer` name one) and the same state tensors — none missing, none
 * extra, each of the same size.
 */
/** The problems E0641 lists before "and N more". */
const MAX_FIT_PROBLEMS = 5;

export function restoreCheckpoint(model: CompiledModel, c: Checkpoint, path: string, withOptimizer: boolean, optimizer?: string): void {
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
  const buffers = bufferProblems(model, c.tensors);
  problems.push(...buffers.problems);
  if (withOptimizer) {
    if (optimizer !== undefined && c.optimizer !== undefined && c.optimizer !== optimizer) problems.push(`it was saved with optimizer \`${c.optimizer}\`, but this run uses \`${optimizer}\``);
    for (const t of c.tensors) {
      if (t.group === "optimizer" && !Object.hasOwn(model.optimizerState, t.name)) problems.push(`the checkpoint has optimizer state \`${t.name}\`, which this run's optimizer lacks (was it saved with another optimizer?)`);
    }
    for (const [name, data] of Object.entries(model.optimizerState)) {
      const t = saved.get(`optimizer:${name}`);
      if (t === undefined) problems.push(`optimizer state \`${name}\` is missing (was it saved with another optimizer?)`);
      else if (t.data.length !== data.length) problems.push(`optimizer state \`${name}\` has ${t.data.length} values in the checkpoint, but ${data.length} in the model`);
    }
  }
  if (problems.length > 0) {
    const all = [...problems, ...buffers.missing.map((b) => `buffer \`${b}\` is missing`)];
    // At most MAX_FIT_PROBLEMS problems, so a checkpoint of another model does not fill the terminal.
    const shown = all.length <= MAX_FIT_PROBLEMS ? all : [...all.slice(0, MAX_FIT_PROBLEMS), `and ${all.length - MAX_FIT_PROBLEMS} more`];
    throw new DataError("E0641", `the checkpoint \`${path}\` does not fit model \`${model.meta.model}\`: ${shown.join("; ")}`, {
      file: path,
      // withOptimizer is true only when resuming training (`nnc train --resume`).
      help: withOptimizer ? "resume from a checkpoint saved from this model with the same shapes, or train afresh without --resume" : "load a checkpoint saved (`nnc train --save`) from this model with the same shapes",
    });
  }
  if (buffers.missing.length > 0) throw missingBuffersError(path, model.meta.model, buffers.missing);
  for (const t of c.tensors) {
    const dst = t.group === "param" ? model.params[t.name] : t.group === "buffer" ? model.buffers?.[t.name] : withOptimizer ? model.optimizerState[t.name] : undefined;
    dst?.set(t.data);
  }
}
