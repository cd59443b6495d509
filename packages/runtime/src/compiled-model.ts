/**
 * The contract between the code nnc generates for a model and the training runtime that drives it.
 * Generated code defines a class implementing `CompiledModel`; the runtime (data, loop, metrics,
 * checkpoints) only talks to this interface. Self-contained: no imports (it is inlined into every
 * generated program).
 */
export type FloatArray = Float32Array | Float64Array;
export type AnyArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface TensorMeta {
  readonly name: string;
  readonly dtype: "f32" | "f64" | "i32" | "bool";
  /** Symbolic dims as strings (e.g. "B"), concrete dims as numbers. */
  readonly shape: readonly (number | string)[];
}

/** A buffer: non-trainable state (running statistics, masks), saved in checkpoints. */
export interface BufferMeta extends TensorMeta {
  /** It has a `next`: training steps give it a new value; otherwise it is a constant. */
  readonly updated: boolean;
}

export interface ModelMeta {
  readonly model: string;
  /** Model inputs (fed by the data's fields of the same name). */
  readonly inputs: readonly TensorMeta[];
  /** Train inputs (labels, targets): fed like inputs, used only by the loss. */
  readonly trainInputs: readonly TensorMeta[];
  readonly outputs: readonly TensorMeta[];
  readonly params: readonly TensorMeta[];
  /** The symbolic dim that indexes examples (the batch), or null when the model has none. */
  readonly batchDim: string | null;
  readonly dtype: "f32" | "f64";
  readonly hasLoss: boolean;
  /** The model's buffers; absent when it has none. */
  readonly buffers?: readonly BufferMeta[];
}

/** The first non-finite value of the last step, in program order: forward values, then backward ones. */
export interface NonFiniteValue {
  /** The IR value (`h1`, `%17`), as `nnc ir --grad` prints it. */
  readonly value: string;
  /** Its `.nn` line; for a backward value, the line of the forward node it differentiates; 0 when unknown. */
  readonly line: number;
  /** For a backward value: the rule that computed it (`sqrt.vjp.0`, `fanout`, …) and the forward value it differentiates. */
  readonly rule?: string;
  readonly of?: string;
  /** True when the step's loss was finite and a gradient was not (the update was skipped). */
  readonly gradient?: boolean;
}

export interface CompiledModel {
  readonly meta: ModelMeta;
  /** Largest number of rows one step handles; buffers are planned for it once. */
  readonly maxBatch: number;
  /** Parameter values by name (`W1`, `h1.W`); written by init and checkpoint loading. */
  readonly params: Readonly<Record<string, FloatArray>>;
  /**
   * Buffer values by name (`bn1.mean_run`), present when the model has buffers: written by initParams,
   * checkpoint loading and trainStep (each takes its `next` value after an applied update); never by
   * forward or evalLoss, never by the optimizer. Float buffers use the model's dtype.
   */
  readonly buffers?: Readonly<Record<string, AnyArray>>;
  /** Input buffers by name (model and train inputs), each sized for `maxBatch` rows. */
  readonly inputs: Readonly<Record<string, AnyArray>>;
  /** Output buffers by name, valid after `forward` or `trainStep`. */
  readonly outputs: Readonly<Record<string, FloatArray>>;
  /** Optimizer state (moments, step count) by name, for checkpoints. */
  readonly optimizerState: Readonly<Record<string, FloatArray>>;
  /** Seeded initialisation of every parameter and buffer (the same seed gives the same values everywhere). */
  initParams(seed: number): void;
  /** Runs the forward pass on the first `rows` rows of the input buffers, in inference mode (`training` false). */
  forward(rows: number): void;
  /**
   * Forward, loss, backward and one optimizer update on `rows` rows (in training mode: dropout masks,
   * `training` true), then each buffer takes its `next` value; returns the loss. When the loss or a
   * parameter's gradient is not finite, the update is skipped (parameters and buffers keep their
   * values) and the result is non-finite: the loss, or NaN for a finite loss with a non-finite gradient.
   */
  trainStep(rows: number): number;
  /** The loss of the first `rows` rows without updating, in inference mode (validation). */
  evalLoss(rows: number): number;
  /** Sets the learning rate (schedules, playground controls). */
  setLearningRate(lr: number): void;
  /**
   * After a non-finite result: replays the last run on the same rows, checking every stored value, and
   * returns the first non-finite one (forward, then backward), or null. Costs one more step, so the
   * training loop calls it only after a failure.
   */
  firstNonFinite(): NonFiniteValue | null;
  /**
   * Optional: restarts the model's own random stream (dropout masks) from `seed`. The runtime calls it
   * at the start of every epoch with a seed derived from (run seed, epoch), so a run resumed from a
   * checkpoint draws the same masks as an uninterrupted one.
   */
  reseed?(seed: number): void;
  /**
   * Optional: stops the worker threads a class compiled for several threads runs its large kernels on
   * (they also end with the process). The model stays usable, on one thread. The run loop calls it when
   * training ends.
   */
  close?(): void;
}

/**
 * Whether models of `model`'s class made now take the relaxed-SIMD matmuls and convolutions (fused
 * multiply-add, docs/cli.md "Relaxed SIMD"): the class carries them (its generated `simdRelaxed`),
 * this engine compiles them and the class's RELAXED_SIMD is true. False for a class without them (f64,
 * or none of those kernels).
 */
export function takesRelaxedSimd(model: CompiledModel): boolean {
  const cls = model.constructor as { simdRelaxed?: (shared: boolean) => object | null };
  return typeof cls.simdRelaxed === "function" && cls.simdRelaxed(false) !== null;
}
