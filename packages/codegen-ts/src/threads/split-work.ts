/**
 * When a split pays: a matmul is split over the threads when M·N·K is at least DEFAULT_SPLIT_WORK
 * multiply-adds. One 4-lane SIMD core does ≈ 25 G multiply-adds/s (≈ 50 GFLOP/s measured at
 * 64×128×784), so 2^20 is ≈ 40 µs of work on one thread; waking a sleeping worker (futex) costs tens of
 * µs, a spinning one a few, and 64×64×64 (2^18, 11 µs) took twice as long split as on one thread
 * (docs/performance.md, "Threads").
 */
export const DEFAULT_SPLIT_WORK = 1 << 20;
