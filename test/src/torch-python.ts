/**
 * The Python that has PyTorch, for the suites that run generated PyTorch programs (export, compile
 * --target pytorch). `.ci/run` installs Debian's python3-torch when it is missing; a machine without
 * it fails these suites with the one command to run, rather than skipping them.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";

const CANDIDATES = [process.env["NNC_PYTHON"], "/usr/bin/python3", "python3"].filter((p): p is string => p !== undefined && p !== "");

let found: string | undefined;

/** The first candidate whose `import torch` succeeds; throws with the install command otherwise. */
export function torchPython(): string {
  if (found !== undefined) return found;
  for (const p of CANDIDATES) {
    const r = spawnSync(p, ["-c", "import torch"], { encoding: "utf8" });
    if (r.status === 0) {
      found = p;
      return p;
    }
  }
  throw new Error(`no Python with PyTorch among ${CANDIDATES.join(", ")}: run \`apt-get install -y python3-torch libopenblas0-pthread\` (or set NNC_PYTHON)`);
}

/**
 * Runs `python script args…` with torch single-threaded and deterministic; stdin optional. The
 * default time limit (120 s) stays below the suites' vitest timeouts: spawnSync blocks the worker, so
 * a hung process (e.g. a torchrun rendezvous) must fail here, with its output, rather than stall CI.
 */
export function runPython(args: readonly string[], opts: { readonly input?: string; readonly cwd?: string; readonly env?: Readonly<Record<string, string>>; readonly timeoutMs?: number } = {}): SpawnSyncReturns<string> {
  const timeout = opts.timeoutMs ?? 120_000;
  const r = spawnSync(torchPython(), [...args], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout,
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    ...(opts.input === undefined ? {} : { input: opts.input }),
    env: { ...process.env, OMP_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1", ...opts.env },
  });
  if (r.error !== undefined || r.signal !== null) {
    const why = r.error !== undefined ? r.error.message : `killed by ${r.signal}`;
    throw new Error(`python ${args.slice(0, 3).join(" ")} did not finish (${why}; limit ${timeout / 1000} s)\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
  return r;
}
