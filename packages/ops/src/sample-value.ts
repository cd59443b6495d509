/**
 * One random operand value inside an op sample's domain (OpSample["domain"]): how the generated
 * gradient checks and the per-op export tests draw operands, so every backend is tested on the same
 * kind of values. `rand` is a uniform [0, 1) stream (mulberry32).
 */
import type { OpSample } from "./op-def.ts";

export type SampleDomain = NonNullable<OpSample["domain"]>[number];

/** any: uniform(−2, 2); positive: [0.5, 2); nonzero: ±[0.5, 2); label: 0…classes−1; bool: 0/1; unit: (0.05, 0.95). */
export function sampleValue(domain: SampleDomain, rand: () => number, classes = 3): number {
  const mag = 0.5 + 1.5 * rand();
  switch (domain) {
    case "any":
      return -2 + 4 * rand();
    case "positive":
      return mag;
    case "nonzero":
      return rand() < 0.5 ? -mag : mag;
    case "label":
      return Math.floor(rand() * classes);
    case "bool":
      return rand() < 0.5 ? 0 : 1;
    case "unit":
      return 0.05 + 0.9 * rand();
  }
}
