/** The learn views' requests of the training Worker: train-protocol.ts's messages without `type` and `id`. */
import type { InspectMessage, InspectRows, Inspected, SampleMessage, Sampled, Tensor } from "../train-protocol.ts";

export type { Inspected, Sampled, Tensor };
export type RowSource = InspectRows;
export type InspectQuery = Omit<InspectMessage, "type" | "id">;
export type SampleQuery = Omit<SampleMessage, "type" | "id">;

/** The successful answer, or an Error with the Worker's message. */
export function inspectedValues(r: Inspected): Exclude<Inspected, { error: string }> {
  if ("error" in r) throw new Error(r.error);
  return r;
}
