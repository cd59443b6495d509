/**
 * The control block a split kernel call is published in: CONTROL_INTS i32 words at the end of the
 * model's shared memory, read and written by the calling thread and every worker.
 *
 * Protocol (every access of SEQ, NEXT, LIMIT, DONE, SLEEP and STOP is an Atomics operation):
 * - The caller writes the job words (FN … CSTEP, ROW_END … COUNT_AT, and for MODE 2 the argument
 *   pairs at VALS_AT of the block's float64 view), stores DONE = 0, LIMIT = tag·1024 + chunks,
 *   NEXT = (tag mod 2048)·2^20 + chunks (front 0, back `chunks`: the chunks left are [front, back)),
 *   then increments SEQ and wakes sleeping workers (SLEEP > 0).
 * - The calling thread claims from the front, the workers from the back: n = max(1, ⌊(back − front) /
 *   SHARE⌋) chunks (guided self-scheduling: a claim takes a share of what is left, so early claims are
 *   large and the last ones one chunk), by compare-exchanging NEXT to front + n (or back − n) while
 *   NEXT's tag is LIMIT's mod 2048 and front < back. So with two threads the caller runs the job's
 *   first rows and the worker its last, meeting wherever their speeds put them: consecutive calls over
 *   the same rows (a product, then its bias and activation) mostly find their rows in the cache of the
 *   core that wrote them. A claim reads the job words only after it succeeds, runs the kernel once on
 *   rows [chunk·ROWS, min((chunk + n)·ROWS, ROW_END)) and adds n to DONE.
 * - The caller claims from its end as the workers do from theirs, then waits for DONE = chunks before it returns (polling, then
 *   sleeping on DONE where the thread may block; the claim that makes DONE = chunks notifies it); it writes
 *   the next job only after that, so a claim always reads its own job's words. A worker that never
 *   starts (or is slow to wake) leaves its chunks to the others: results never depend on how many
 *   threads took part or how the chunks were grouped, since a kernel call on any row range computes
 *   each of its C elements exactly as one call on all rows does.
 * - A claim whose kernel throws (a trap, a worker out of memory) still adds its n to DONE, after the
 *   thread has stored FAILED = 1 and pushed the error on its `faults` list: the caller's wait always ends, and
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
/**
 * 0: the chunk offsets A and C by its first row (A's and C's row steps in bytes below) and passes its
 * row count as M; 1: the kernel takes the row range as two trailing params; 2: any kernel whose
 * parameter COUNT_AT counts independent rows (or elements): argument i is value + r0·step from the
 * NARGS (value, step) pairs at VALS_AT, and COUNT_AT gets the chunk's row count.
 */
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
/** The end of the rows chunks cover (M − M mod 4 for a matmul, the row count for MODE 2). */
export const ROW_END = 19;
/** MODE 2: the kernel's parameter count, and the parameter that counts rows. */
export const NARGS = 20;
export const COUNT_AT = 21;
/** 2 · the pool's threads (≥ 2), written when the pool is made, before any job: a claim takes 1/SHARE of the chunks left. */
export const SHARE = 22;
/** MODE 2: where the (value, step) pairs start, in float64 words of the block (byte 96: past every i32 word above). */
export const VALS_AT = 12;
/** MODE 2 takes kernels of at most this many parameters (a fused group of more leaves runs on one thread). */
export const MAX_CUT_ARGS = 16;
/** Words in the block: the i32 words, then the MODE 2 pairs (a multiple of 4 words: the block ends the memory 16-byte aligned). */
export const CONTROL_INTS = 2 * VALS_AT + 4 * MAX_CUT_ARGS;
/** Chunks are numbered below this (LIMIT's low bits; NEXT's back, and its front above it). */
export const TAG_SHIFT = 10;
/** The job tag wraps here so tag·1024 + chunks stays a positive i32. */
export const TAG_MASK = 0x1fffff;
/** NEXT's tag (the job tag mod 2048) sits above its front and back: a positive i32. */
export const NEXT_TAG_SHIFT = 2 * TAG_SHIFT;
export const NEXT_TAG_MASK = 0x7ff;
/**
 * A call is cut into at most this many chunks: LIMIT's count and NEXT's front and back are
 * TAG_SHIFT-bit fields (32 chunks a thread under `--threads 64` would be 2,048), and this is also
 * their mask.
 */
export const MAX_CHUNKS = (1 << TAG_SHIFT) - 1;

/**
 * The claim loop, as the same JS text the class's static `simdClaim` (`end` "front") and the workers
 * ("back") run: `ctl` the control block, `vals` its float64 view, `fns` the kernel exports by FN,
 * `faults` where a chunk's error is pushed; returns how many chunks this thread ran. `bang` is the ts
 * target's non-null assertion.
 */
export function claimBody(bang: string, end: "front" | "back"): string[] {
  const w = (i: number): string => `ctl[${i}]${bang}`;
  const v = (i: string): string => `vals[${i}]${bang}`;
  return [
    `let ran = 0;`,
    `for (;;) {`,
    `  const at = Atomics.load(ctl, ${NEXT}), lim = Atomics.load(ctl, ${LIMIT}), front = (at >>> ${TAG_SHIFT}) & ${MAX_CHUNKS}, back = at & ${MAX_CHUNKS};`,
    `  if (at >>> ${NEXT_TAG_SHIFT} !== ((lim >>> ${TAG_SHIFT}) & ${NEXT_TAG_MASK}) || front >= back) return ran;`,
    // Same tag: back − front is the chunks left, and n ≤ back − front since SHARE ≥ 1.
    `  const n = Math.max(1, Math.floor((back - front) / ${w(SHARE)}));`,
    end === "front"
      ? `  if (Atomics.compareExchange(ctl, ${NEXT}, at, at + (n << ${TAG_SHIFT})) !== at) continue;`
      : `  if (Atomics.compareExchange(ctl, ${NEXT}, at, at - n) !== at) continue;`,
    `  const rows = ${w(ROWS)}, r0 = ${end === "front" ? "front" : "(back - n)"} * rows, r1 = Math.min(r0 + n * rows, ${w(ROW_END)});`,
    `  try {`,
    `    const f = fns[${w(FN)}]${bang}, mode = ctl[${MODE}];`,
    `    if (mode === 0) f(${w(ARG_A)} + r0 * ${w(A_STEP)}, ${w(ARG_B)}, ${w(ARG_C)} + r0 * ${w(C_STEP)}, r1 - r0, ${w(ARG_N)}, ${w(ARG_K)}, ${w(ARG_ACC)});`,
    `    else if (mode === 1) f(${w(ARG_A)}, ${w(ARG_B)}, ${w(ARG_C)}, ${w(ARG_M)}, ${w(ARG_N)}, ${w(ARG_K)}, ${w(ARG_ACC)}, r0, r1);`,
    `    else {`,
    `      const a${bang === "" ? "" : ": number[]"} = [];`,
    // A step of 0 passes the value itself (−0 + 0 would be +0: a scalar's sign is an operand).
    `      for (let i = 0, n = ${w(NARGS)}; i < n; i++) {`,
    `        const s = ${v(`${VALS_AT} + 2 * i + 1`)};`,
    `        a.push(s === 0 ? ${v(`${VALS_AT} + 2 * i`)} : ${v(`${VALS_AT} + 2 * i`)} + r0 * s);`,
    `      }`,
    `      a[${w(COUNT_AT)}] = r1 - r0;`,
    `      f(...a);`,
    `    }`,
    `  } catch (e) {`,
    `    Atomics.store(ctl, ${FAILED}, 1);`,
    `    faults.push(e);`,
    `  }`,
    // Only the claim that completes the job wakes the caller: it sleeps until DONE = chunks, so earlier wake-ups would only cost it a futex round trip each.
    `  if (Atomics.add(ctl, ${DONE}, n) + n === (lim & ${MAX_CHUNKS})) Atomics.notify(ctl, ${DONE});`,
    `  ran += n;`,
    `}`,
  ];
}
