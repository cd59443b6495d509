/**
 * The control block a split kernel call is published in: CONTROL_INTS i32 words at the end of the
 * model's shared memory, read and written by the calling thread and every worker.
 *
 * Protocol (every access of SEQ, NEXT, LIMIT, DONE, SLEEP and STOP is an Atomics operation):
 * - The caller writes the job words (FN … CSTEP), stores DONE = 0, LIMIT = tag·1024 + chunks,
 *   NEXT = tag·1024, then increments SEQ and wakes sleeping workers (SLEEP > 0).
 * - Any thread claims chunk NEXT mod 1024 by compare-exchanging NEXT to NEXT + 1 while NEXT and LIMIT
 *   carry the same tag and NEXT < LIMIT; it reads the job words only after a successful claim, runs
 *   the kernel on rows [chunk·ROWS, min((chunk + 1)·ROWS, M − M mod 4)) and increments DONE.
 * - The caller claims like the workers, then waits for DONE = chunks before it returns (polling, then
 *   sleeping on DONE where the thread may block; the chunk that makes DONE = chunks notifies it); it writes
 *   the next job only after that, so a claimed chunk always reads its own job's words. A worker that
 *   never starts (or is slow to wake) leaves its chunks to the others: results never depend on how
 *   many threads took part, since a chunk computes each of its C elements exactly as one call does.
 * - A chunk whose kernel throws (a trap, a worker out of memory) still counts in DONE, after the thread
 *   has stored FAILED = 1 and pushed the error on its `faults` list: the caller's wait always ends, and
 *   it then finds FAILED set for its own job (every chunk of a job is counted before DONE = chunks).
 */
export const SEQ = 0;
export const NEXT = 1;
export const LIMIT = 2;
export const DONE = 3;
export const SLEEP = 4;
export const STOP = 5;
/** Index of the export in the worker's function list. */
export const FN = 6;
/** 0: the chunk offsets A and C by its first row (A's and C's row steps in bytes below) and passes its row count as M; 1: the kernel takes the row range as two trailing params. */
export const MODE = 7;
export const ROWS = 8;
export const ARG_A = 9;
export const ARG_B = 10;
export const ARG_C = 11;
export const ARG_M = 12;
export const ARG_N = 13;
export const ARG_K = 14;
export const ARG_ACC = 15;
export const A_STEP = 16;
export const C_STEP = 17;
/** 1 when a chunk of the current job threw: the call's C is incomplete (the caller throws, never re-runs it). */
export const FAILED = 18;
/** Words in the block (64 bytes more than it uses: the block ends the memory 16-byte aligned). */
export const CONTROL_INTS = 32;
/** Chunks are numbered below this (the low bits of NEXT and LIMIT). */
export const TAG_SHIFT = 10;
/** The job tag wraps here so tag·1024 + chunks stays a positive i32. */
export const TAG_MASK = 0x1fffff;

/**
 * The claim loop, as the same JS text the class's static `simdClaim` and the worker run: `ctl` the
 * control block, `fns` the kernel exports by FN, `faults` where a chunk's error is pushed; returns how
 * many chunks this thread ran. `bang` is the ts target's non-null assertion.
 */
export function claimBody(bang: string): string[] {
  const w = (i: number): string => `ctl[${i}]${bang}`;
  return [
    `let ran = 0;`,
    `for (;;) {`,
    `  const v = Atomics.load(ctl, ${NEXT}), lim = Atomics.load(ctl, ${LIMIT});`,
    `  if (v >>> ${TAG_SHIFT} !== lim >>> ${TAG_SHIFT} || v >= lim) return ran;`,
    `  if (Atomics.compareExchange(ctl, ${NEXT}, v, v + 1) !== v) continue;`,
    `  const rows = ${w(ROWS)}, r0 = (v & ${(1 << TAG_SHIFT) - 1}) * rows, r1 = Math.min(r0 + rows, ${w(ARG_M)} & -4);`,
    `  try {`,
    `    const f = fns[${w(FN)}]${bang};`,
    `    if (ctl[${MODE}] === 0) f(${w(ARG_A)} + r0 * ${w(A_STEP)}, ${w(ARG_B)}, ${w(ARG_C)} + r0 * ${w(C_STEP)}, r1 - r0, ${w(ARG_N)}, ${w(ARG_K)}, ${w(ARG_ACC)});`,
    `    else f(${w(ARG_A)}, ${w(ARG_B)}, ${w(ARG_C)}, ${w(ARG_M)}, ${w(ARG_N)}, ${w(ARG_K)}, ${w(ARG_ACC)}, r0, r1);`,
    `  } catch (e) {`,
    `    Atomics.store(ctl, ${FAILED}, 1);`,
    `    faults.push(e);`,
    `  }`,
    // Only the job's last chunk wakes the caller: it sleeps until DONE = chunks, so earlier wake-ups would only cost it a futex round trip each.
    `  if (Atomics.add(ctl, ${DONE}, 1) + 1 === (lim & ${(1 << TAG_SHIFT) - 1})) Atomics.notify(ctl, ${DONE});`,
    `  ran++;`,
    `}`,
  ];
}
