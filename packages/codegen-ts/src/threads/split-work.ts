/**
 * When a split pays: a matmul is split over the threads when M·N·K is at least DEFAULT_SPLIT_WORK
 * (multiply-adds). Measured on the 2-core bench machine (docs/performance.md, "Threads"): waking a
 * spinning worker and waiting for its chunks costs a few µs, a 4-lane SIMD core does ≈ 20 G
 * multiply-adds/s, so below ≈ 2^18 the split saves less than it costs.
 */
export const DEFAULT_SPLIT_WORK = 262144;
