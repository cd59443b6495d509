/**
 * The requests the learn views make of the training Worker (train-protocol.ts carries them; these
 * mirror the shapes agreed in /tmp/briefs/requests-train.md, structurally, minus `type` and `id`).
 */

/** A forward value or parameter, row-major; for forward values shape[0] is the number of rows. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type RowSource =
  | { readonly kind: "inputs"; readonly count: number; readonly inputs: Readonly<Record<string, Float32Array | Int32Array>> }
  | { readonly kind: "test"; readonly limit: number };

export interface InspectQuery {
  readonly rows: RowSource;
  /** Lowered node ids (`h`, `conv`, `h.0.attn.p`) or output names (`logits`). */
  readonly nodes: readonly string[];
  readonly params: readonly string[];
}

export type Inspected =
  | {
      readonly type: "inspected";
      readonly id: number;
      readonly step: number;
      readonly count: number;
      readonly values: Readonly<Record<string, Tensor>>;
      readonly params: Readonly<Record<string, Tensor>>;
      /** For test rows: their labels and model inputs. */
      readonly labels?: Int32Array;
      readonly inputs?: Readonly<Record<string, Float32Array | Int32Array>>;
    }
  | { readonly type: "inspected"; readonly id: number; readonly error: string };

export interface SampleQuery {
  readonly count: number;
  readonly temperature: number;
  readonly seed: number;
}

export type Sampled = { readonly type: "sampled"; readonly id: number; readonly step: number; readonly texts: readonly string[] } | { readonly type: "sampled"; readonly id: number; readonly error: string };

/** The successful answer, or an Error with the Worker's message. */
export function inspectedValues(r: Inspected): Exclude<Inspected, { error: string }> {
  if ("error" in r) throw new Error(r.error);
  return r;
}
