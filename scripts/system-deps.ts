// The system packages `npm test` needs (root `pretest`, run with tsx before anything is built).
// Present → one line. A required one missing → as root on Debian, installs it with apt-get after printing
// exactly what and why (issue 16: the README's two commands set up a fresh machine); otherwise stops
// (exit 1) with the one command to run. A speed-only one missing → a warning, never a stop for a user
// who cannot install it. NNC_SYSTEM_DEPS=skip installs nothing and only reports.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

export interface Requirement {
  readonly name: string;
  readonly packages: readonly string[];
  readonly why: string;
  /** Suites fail without it (true), or only run slower (false). */
  readonly required: boolean;
}

/**
 * By Debian package: the browser tests drive /usr/bin/chromium (playwright-core); the export and
 * PyTorch suites run generated programs with python3 + torch (numpy comes with it); without
 * libopenblas0-pthread Debian's torch falls back to the reference BLAS (≈ 8× slower).
 */
export const REQUIREMENTS: readonly Requirement[] = [
  { name: "chromium", packages: ["chromium"], why: "browser tests (playground, graphs, run reports)", required: true },
  { name: "python3-torch", packages: ["python3-torch"], why: "generated PyTorch programs, export suites", required: true },
  { name: "libopenblas0-pthread", packages: ["libopenblas0-pthread"], why: "a fast BLAS for Debian's PyTorch, ≈ 8× faster torch suites", required: false },
];

export const OPT_OUT = "NNC_SYSTEM_DEPS";

export type Env = Readonly<Record<string, string | undefined>>;

export interface SystemFacts {
  /** Requirement names found missing (probeMissing). */
  readonly missing: readonly string[];
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  readonly hasSudo: boolean;
  /** NNC_SYSTEM_DEPS, NNC_CHROMIUM, NNC_PYTHON. */
  readonly env: Env;
}

export interface SystemPlan {
  /** "install": run `command`, then probe again; "stop": exit 1; the others: exit 0. */
  readonly kind: "ok" | "skip" | "warn" | "install" | "stop";
  readonly packages: readonly string[];
  readonly command: string;
  readonly message: string;
}

/** Where the suites look for each tool (the same variables they honour). */
const OVERRIDES: Readonly<Record<string, { variable: string; fix: string }>> = {
  chromium: { variable: "NNC_CHROMIUM", fix: "does not exist" },
  "python3-torch": { variable: "NNC_PYTHON", fix: "does not exist or cannot find the modules torch and numpy" },
};

const aptInstall = (list: string, sudo: string): string => `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${list}`;

/** The decision, from what was probed (pure). */
export function planSystemDeps({ missing, isRoot, hasAptGet, hasSudo, env }: SystemFacts): SystemPlan {
  // The probe asks about OpenBLAS only once Debian's torch is there; the torch this plan installs is
  // Debian's, so its fast BLAS comes in the same command.
  const asked = missing.includes("python3-torch") ? [...missing, "libopenblas0-pthread"] : missing;
  const wanted = REQUIREMENTS.filter((r) => asked.includes(r.name));
  const packages = wanted.flatMap((r) => r.packages);
  const needs = wanted.map((r) => `${r.name} (${r.why})`).join(", ");
  if (env[OPT_OUT] === "skip") {
    const note = packages.length === 0 ? "" : ` (missing: ${needs}; suites that need them will fail or run slower)`;
    return { kind: "skip", packages: [], command: "", message: `system deps: nothing installed, ${OPT_OUT}=skip${note}` };
  }
  if (packages.length === 0) {
    return { kind: "ok", packages, command: "", message: `system deps: ${REQUIREMENTS.map((r) => r.name).join(", ")} present` };
  }
  // A tool the user pointed elsewhere: installing Debian's package could not satisfy it.
  const pointed = wanted.flatMap((r) => {
    const o = OVERRIDES[r.name];
    const value = o === undefined ? undefined : env[o.variable];
    return o === undefined || value === undefined || value === "" ? [] : [`${o.variable}=${value} ${o.fix}`];
  });
  if (pointed.length > 0) {
    return { kind: "stop", packages: [], command: "", message: `system deps: ${pointed.join("; ")}: point it at a working one, or unset it to use Debian's package` };
  }
  const list = packages.join(" ");
  const onlySpeed = wanted.every((r) => !r.required);
  if (hasAptGet && isRoot) {
    const command = aptInstall(list, "");
    return { kind: "install", packages, command, message: `system deps: missing ${needs}.\nRunning as root on Debian, so installing them now (set ${OPT_OUT}=skip to manage them yourself):\n  ${command}` };
  }
  const command = !hasAptGet ? "" : hasSudo ? aptInstall(list, "sudo ") : `su -c '${aptInstall(list, "")}'`;
  const how = command === "" ? `this is not a Debian system (no apt-get): install the equivalents of \`${list}\`` : `Run:\n  ${command}`;
  if (onlySpeed) return { kind: "warn", packages, command, message: `system deps: warning: missing ${needs}; the suites still pass. ${how}` };
  return { kind: "stop", packages, command, message: `system deps: missing ${needs}. ${how}\nthen \`npm test\` again (or set ${OPT_OUT}=skip to manage them yourself)` };
}

// Finds the modules without importing them (importing torch costs seconds) and prints where torch is.
const FIND_TORCH = "import importlib.util as u, sys\nt = u.find_spec('torch'); n = u.find_spec('numpy')\nprint(t.origin if t and n else '')";

/** Which requirements are missing on this machine, at the paths the suites use (cheap: no torch import). */
export function probeMissing(env: Env = process.env): string[] {
  const missing: string[] = [];
  if (!existsSync(env["NNC_CHROMIUM"] || "/usr/bin/chromium")) missing.push("chromium");
  const python = env["NNC_PYTHON"] || "/usr/bin/python3";
  const found = spawnSync(python, ["-c", FIND_TORCH], { encoding: "utf8" });
  const torch = found.status === 0 ? found.stdout.trim() : "";
  if (torch === "") missing.push("python3-torch");
  // Only Debian's torch uses Debian's BLAS; a pip or conda torch brings its own.
  if (torch.startsWith("/usr/lib/python3/dist-packages/")) {
    const dpkg = spawnSync("dpkg-query", ["-W", "-f=${Status}", "libopenblas0-pthread"], { encoding: "utf8" });
    if (dpkg.error === undefined && !dpkg.stdout.includes("install ok installed")) missing.push("libopenblas0-pthread");
  }
  return missing;
}

export interface RunIo {
  readonly env: Env;
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  readonly hasSudo: boolean;
  readonly probe: (env: Env) => string[];
  /** Runs a shell command, returning its exit status. */
  readonly exec: (command: string) => number | null;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The pretest: probe, decide, act. Returns the exit status. */
export function runSystemDeps(io: RunIo): number {
  const plan = planSystemDeps({ missing: io.probe(io.env), isRoot: io.isRoot, hasAptGet: io.hasAptGet, hasSudo: io.hasSudo, env: io.env });
  if (plan.kind === "stop") {
    io.err(plan.message);
    return 1;
  }
  if (plan.kind === "warn") io.err(plan.message);
  else io.out(plan.message);
  if (plan.kind !== "install") return 0;
  const status = io.exec(plan.command);
  const still = io.probe(io.env);
  const required = still.filter((name) => REQUIREMENTS.find((r) => r.name === name)?.required !== false);
  if (status !== 0 || required.length > 0) {
    io.err(`system deps: the install did not succeed (status ${String(status)}); still missing: ${still.join(", ") || "none"}`);
    return 1;
  }
  if (still.length > 0) {
    io.err(`system deps: installed what the suites need; warning: still missing ${still.join(", ")} (they only run slower)`);
    return 0;
  }
  io.out(`system deps: installed ${plan.packages.join(" ")}`);
  return 0;
}

const onPath = (cmd: string): boolean => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = runSystemDeps({
    env: process.env,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath("apt-get"),
    hasSudo: onPath("sudo"),
    probe: probeMissing,
    exec: (command) => spawnSync("sh", ["-c", command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status,
    out: (line) => {
      console.log(line);
    },
    err: (line) => {
      console.error(line);
    },
  });
}
