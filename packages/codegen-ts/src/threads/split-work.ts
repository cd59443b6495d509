/**
 * When a split pays: a matmul is split over the threads when M·N·K is at least DEFAULT_SPLIT_WORK
 * multiply-adds. One 4-lane SIMD core does ≈ 25 G multiply-adds/s (≈ 50 GFLOP/s measured at
 * 64×128×784), so 2^19 is ≈ 21 µs of work on one thread. A split call costs ≈ 3 µs more than its
 * share of the work while the workers poll (Zen 5, claims from both ends; a futex wake of a sleeping
 * worker costs tens of µs): alone, 512×16×64 (2^19) took 20.5 µs split against 20.7, 64×64×128 14.8
 * against 20.6, the transformer head's 512×27×64 (edge columns: 30 GFLOP/s) 42 against 60; 64×64×64
 * (2^18) took twice as long split on the Zen 4 of docs/performance.md "Threads". From 2^20 to 2^19:
 * the char-transformer's step −2.8 % and −3.3 %, the LSTM's −3.1 %, the MNIST MLP's unchanged (its
 * products are 2^22.6 or below 2^17); the CNN's products are all below 2^19 (docs/performance.md,
 * "What changed (2026-12-04, 09:00–12:00 UTC)").
 */
export const DEFAULT_SPLIT_WORK = 1 << 19;

/**
 * When a cut pays for another kernel call (simdCall: compute-bound fused groups, erf, softmax, batched
 * matmuls): its estimated one-thread time, in ns, is at least this. On the char-transformer's step with
 * two threads (interleaved medians, docs/performance.md "Threads"), cutting calls of ≥ 200, 100, 30,
 * 10 and 3 µs gave 10.23, 9.90, 9.56–9.78, 9.49 and 9.44 ms against 10.71 uncut — but cutting the
 * small calls also cut the LSTM's per-step gate groups (4,096 elements: 19 µs a call cut) and made its
 * step 5 % longer, and memory-bound groups took longer cut in every model (../wasm/fused-lanes.ts
 * cutSteps declines them). At 30 µs with those declined, the CNN, MLP and LSTM steps equal their uncut
 * ones.
 */
export const DEFAULT_CUT_WORK = 30_000;

/**
 * Chunks per thread a split call is cut into. Claims are guided (./control.ts): a thread takes
 * 1/(2·threads) of the chunks left, so the first claims are large and the last ones a single chunk; a
 * late worker can leave the caller waiting for at most that chunk. With 2 threads the transformer's
 * 512-row products are 32 chunks of one 4-row tile; the MNIST MLP's 64×128×784, 16. Against 8 chunks a
 * thread claimed one at a time, the char-transformer's step with 2 threads took 0.97–1.04× (median
 * 0.98×, eight interleaved runs on a noisy Zen 4: docs/performance.md, "What changed (2026-12-03,
 * morning)"); 16 chunks a thread measured 2 % slower than 32, 64 the same.
 */
export const CHUNKS_PER_THREAD = 32;
