#!/usr/bin/env node
// The system packages `npm test` needs (root `pretest`): plain JavaScript so it runs on a fresh clone
// before anything is built. Present → one line. Missing → installs them with apt-get when it may (root,
// Debian), else stops at once (exit 1) with the one command to run. NNC_SYSTEM_DEPS=skip opts out.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

/**
 * What the suites need, by Debian package: the browser tests drive /usr/bin/chromium (playwright-core);
 * the export and PyTorch suites run generated programs with python3 + torch (numpy comes with it);
 * without libopenblas0-pthread Debian's torch falls back to the reference BLAS (≈ 8× slower).
 */
export const REQUIREMENTS = [
  { name: "chromium", packages: ["chromium"], why: "browser tests (playground, run reports)" },
  { name: "python3-torch", packages: ["python3-torch"], why: "generated PyTorch programs, export suites" },
  { name: "libopenblas0-pthread", packages: ["libopenblas0-pthread"], why: "a fast BLAS for PyTorch" },
];

export const OPT_OUT = "NNC_SYSTEM_DEPS";

/**
 * The decision, from what was probed (pure). `missing` lists requirement names; `optOut` is the value
 * of NNC_SYSTEM_DEPS. Returns { kind: "ok" | "skip" | "install" | "stop", packages, command, message }:
 * "install" means run `command` now; "stop" means print `message` and exit 1.
 */
export function planSystemDeps({ missing, isRoot, hasAptGet, hasSudo, optOut }) {
  const wanted = REQUIREMENTS.filter((r) => missing.includes(r.name));
  const packages = wanted.flatMap((r) => r.packages);
  if (optOut === "skip") {
    const note = packages.length === 0 ? "" : ` (missing: ${packages.join(" ")}; suites that need them will fail)`;
    return { kind: "skip", packages, command: "", message: `system deps: not checked, ${OPT_OUT}=skip${note}` };
  }
  if (packages.length === 0) {
    return { kind: "ok", packages, command: "", message: `system deps: ${REQUIREMENTS.map((r) => r.name).join(", ")} present` };
  }
  const list = packages.join(" ");
  const needs = wanted.map((r) => `${r.name} (${r.why})`).join(", ");
  if (!hasAptGet) {
    return {
      kind: "stop",
      packages,
      command: "",
      message: `system deps: missing ${needs}; this is not a Debian system (no apt-get): install the equivalents of \`${list}\`, or run with ${OPT_OUT}=skip`,
    };
  }
  const apt = `apt-get update && apt-get install -y ${list}`;
  if (isRoot) {
    return { kind: "install", packages, command: apt, message: `system deps: missing ${needs}; installing: ${apt}` };
  }
  const command = hasSudo ? `sudo apt-get update && sudo apt-get install -y ${list}` : `su -c '${apt}'`;
  return { kind: "stop", packages, command, message: `system deps: missing ${needs}. Run:\n  ${command}\nthen \`npm test\` again (or set ${OPT_OUT}=skip to manage them yourself)` };
}

/** Which requirements are missing on this machine (NNC_CHROMIUM / NNC_PYTHON as the suites honour them). */
export function probeMissing(env = process.env) {
  const missing = [];
  if (!existsSync(env["NNC_CHROMIUM"] || "/usr/bin/chromium")) missing.push("chromium");
  const python = env["NNC_PYTHON"] || "/usr/bin/python3";
  if (spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status !== 0) missing.push("python3-torch");
  // Only Debian says whether the pthread OpenBLAS is there; elsewhere torch brings its own BLAS.
  const dpkg = spawnSync("dpkg-query", ["-W", "-f=${Status}", "libopenblas0-pthread"], { encoding: "utf8" });
  if (dpkg.error === undefined && !/install ok installed/.test(dpkg.stdout ?? "")) missing.push("libopenblas0-pthread");
  return missing;
}

function onPath(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function main() {
  const probe = () => probeMissing();
  const facts = { isRoot: process.getuid?.() === 0, hasAptGet: onPath("apt-get"), hasSudo: onPath("sudo"), optOut: process.env[OPT_OUT] };
  const plan = planSystemDeps({ missing: facts.optOut === "skip" ? [] : probe(), ...facts });
  if (plan.kind === "ok" || plan.kind === "skip") {
    console.log(plan.message);
    return 0;
  }
  if (plan.kind === "stop") {
    console.error(plan.message);
    return 1;
  }
  console.log(plan.message);
  const r = spawnSync("sh", ["-c", plan.command], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  const still = probe();
  if (r.status !== 0 || still.length > 0) {
    console.error(`system deps: the install did not succeed (status ${r.status}); still missing: ${still.join(", ") || "none"}`);
    return 1;
  }
  console.log(`system deps: installed ${plan.packages.join(" ")}`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exit(main());
