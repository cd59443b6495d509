/**
 * Deterministic pseudo-random numbers for dropout masks and parameter initialisation, so the same
 * program and seed give the same numbers on every run and in every backend.
 */

/** mulberry32: a 32-bit state PRNG; returns uniform numbers in [0, 1) with 2⁻³² resolution. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal samples by Box-Muller from `uniform`: z = √(−2 ln u₁)·cos(2π u₂) with u₁ ∈ (0, 1]
 * (u₁ = 1 − uniform() avoids ln 0). One normal per two uniforms; the sine partner is discarded so the
 * sequence does not depend on how many samples a caller takes at once.
 */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u1 = 1 - uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
