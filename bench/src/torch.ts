/**
 * The PyTorch peers: bench/torch/peer.py as long-lived subprocesses (one per thread count), spoken to
 * in JSON lines. A peer times its own iterations (perf_counter around the loop), so the pipe is not in
 * the measurement. Where the Python is missing or cannot `import torch`, PyTorch is unavailable — a
 * recorded reason, not a failure; a peer that started and then errs fails the bench.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PEER = fileURLToPath(new URL("../torch/peer.py", import.meta.url));

/** The Python the peers run in: Debian's, which has python3-torch (the pyenv python3 on PATH has not). */
export function torchPython(): string {
  return process.env["NNC_BENCH_PYTHON"] ?? "/usr/bin/python3";
}

export type Answer = Readonly<Record<string, unknown>>;

export interface TorchInfo {
  readonly torch: string;
  readonly threads: number;
  readonly blasInfo: string;
  readonly blasLibraries: readonly string[];
}

/** Little-endian bytes of a typed array in base64, as peer.py reads them. */
export function b64(a: Float32Array | Int32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

export function b64Record(r: Readonly<Record<string, Float32Array | Int32Array>>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, b64(v)]));
}

function numberField(a: Answer, name: string): number {
  const v = a[name];
  if (typeof v !== "number") throw new Error(`bench: the PyTorch peer's answer has no number ${name}: ${JSON.stringify(a)}`);
  return v;
}

export class TorchPeer {
  private readonly queue: { resolve: (a: Answer) => void; reject: (e: Error) => void }[] = [];
  private stderr = "";
  private exited: string | null = null;
  private nextId = 0;

  private constructor(
    /** The results key: `torch-1t` or `torch`. */
    readonly key: string,
    readonly threads: number,
    private readonly child: ChildProcessWithoutNullStreams,
  ) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const waiter = this.queue.shift();
      if (waiter === undefined) return;
      try {
        const v: unknown = JSON.parse(line);
        if (typeof v !== "object" || v === null) throw new Error(`not an object: ${line}`);
        waiter.resolve(v as Answer);
      } catch (e) {
        waiter.reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    const fail = (why: string): void => {
      this.exited = why;
      for (const w of this.queue.splice(0)) w.reject(new Error(`${why}: ${this.lastError()}`));
    };
    child.on("exit", (code, signal) => {
      fail(`the PyTorch peer exited (${signal ?? `code ${String(code)}`})`);
    });
    child.on("error", (e) => {
      fail(`the PyTorch peer did not start (${e.message})`);
    });
  }

  static start(python: string, key: string, threads: number): TorchPeer {
    const n = String(threads);
    const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
    return new TorchPeer(key, threads, spawn(python, [PEER, "--threads", n], { env, stdio: ["pipe", "pipe", "pipe"] }));
  }

  /** The last line the process wrote to stderr (Python's exception line). */
  lastError(): string {
    return this.stderr.trim().split("\n").pop() ?? "";
  }

  /** Sends one request; resolves with the answer, rejects where the peer answered ok: false or died. */
  async request(req: Readonly<Record<string, unknown>>): Promise<Answer> {
    if (this.exited !== null) throw new Error(`${this.exited}: ${this.lastError()}`);
    const answer = new Promise<Answer>((resolve, reject) => this.queue.push({ resolve, reject }));
    this.child.stdin.write(JSON.stringify(req) + "\n");
    const a = await answer;
    if (a["ok"] !== true) throw new Error(`bench: PyTorch peer ${this.key}: ${typeof a["error"] === "string" ? a["error"] : JSON.stringify(a)}`);
    return a;
  }

  async info(): Promise<TorchInfo> {
    const a = await this.request({ op: "info" });
    const libs = Array.isArray(a["blas_libraries"]) ? a["blas_libraries"].filter((x): x is string => typeof x === "string") : [];
    return { torch: String(a["torch"]), threads: numberField(a, "threads"), blasInfo: String(a["blas_info"]), blasLibraries: libs };
  }

  /** Builds a workload in the peer under a fresh id (peer.py's `build`), returns the id. */
  async load(kind: string, params: Readonly<Record<string, Float32Array | Int32Array>>, data: unknown, hyper: Readonly<Record<string, number>>): Promise<string> {
    const id = `${kind}-${this.nextId++}`;
    await this.request({ op: "load", id, kind, params: b64Record(params), data, hyper });
    return id;
  }

  /** n training steps' losses, or one forward's outputs (null where not finite). */
  async values(id: string, n: number): Promise<(number | null)[]> {
    const a = await this.request({ op: "values", id, n });
    const vs = a["values"];
    if (!Array.isArray(vs)) throw new Error(`bench: PyTorch peer ${this.key} sent no values`);
    return vs.map((v) => (typeof v === "number" ? v : null));
  }

  async secondsPerIter(id: string, seconds: number): Promise<number> {
    return numberField(await this.request({ op: "calibrate", id, seconds }), "per_iter");
  }

  /** Seconds n iterations took, timed inside the peer. */
  async time(id: string, n: number): Promise<number> {
    return numberField(await this.request({ op: "time", id, n }), "seconds");
  }

  async drop(id: string): Promise<void> {
    await this.request({ op: "drop", id });
  }

  close(): void {
    this.child.stdin.end();
    if (this.exited === null) this.child.kill();
  }
}

/** PyTorch's state in a run: the peers (1 thread, all threads), or why there are none. */
export interface TorchPeers {
  readonly peers: readonly TorchPeer[];
  readonly info: TorchInfo | null;
  /** Why PyTorch is not in this run (null: it is). */
  readonly unavailable: string | null;
}

export const NO_TORCH: TorchPeers = { peers: [], info: null, unavailable: "not run (--quick or the configuration leaves PyTorch out)" };

/**
 * Starts `torch-1t` and `torch` (all logical cores). A Python that is missing, or one whose
 * `import torch` fails, makes PyTorch unavailable with the reason.
 */
export async function startTorchPeers(python = torchPython()): Promise<TorchPeers> {
  if (!existsSync(python)) return { peers: [], info: null, unavailable: `${python} does not exist (NNC_BENCH_PYTHON names another Python)` };
  const all = Math.max(1, cpus().length);
  const peers = [TorchPeer.start(python, "torch-1t", 1), TorchPeer.start(python, "torch", all)];
  try {
    const infos = await Promise.all(peers.map((p) => p.info()));
    return { peers, info: { ...infos[1]!, threads: all }, unavailable: null };
  } catch (e) {
    for (const p of peers) p.close();
    const probe = spawnSync(python, ["-c", "import torch"], { encoding: "utf8" });
    if (probe.status === 0) throw e;
    const why = probe.error?.message ?? probe.stderr.trim().split("\n").pop() ?? `exit ${String(probe.status)}`;
    return { peers: [], info: null, unavailable: `${python} -c "import torch" fails: ${why}` };
  }
}

export function closeTorchPeers(t: TorchPeers): void {
  for (const p of t.peers) p.close();
}
