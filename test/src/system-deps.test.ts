/**
 * The root `pretest` (scripts/system-deps.ts): what `npm test` does on a machine that lacks Chromium,
 * PyTorch or the pthread OpenBLAS — install with apt-get when it may (saying what and why first), stop
 * with the one command to run when a required one is missing, warn when only the speed-up is.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planSystemDeps, probeMissing, REQUIREMENTS, runSystemDeps, type Env, type RunIo, type SystemFacts } from "../../scripts/system-deps.ts";

const root: SystemFacts = { missing: [], isRoot: true, hasAptGet: true, hasSudo: false, env: {} };
const user: SystemFacts = { ...root, isRoot: false, hasSudo: true };

describe("pretest: the decision", () => {
  it("prints one line when everything is present", () => {
    expect(planSystemDeps(root)).toEqual({ kind: "ok", packages: [], command: "", message: "system deps: chromium, python3-torch, libopenblas0-pthread present" });
  });

  it("as root on Debian installs what is missing, without Recommends, after saying what and why", () => {
    const plan = planSystemDeps({ ...root, missing: ["libopenblas0-pthread", "chromium"] });
    expect(plan.kind).toBe("install");
    expect(plan.packages).toEqual(["chromium", "libopenblas0-pthread"]);
    expect(plan.command).toBe("apt-get update && apt-get install -y --no-install-recommends chromium libopenblas0-pthread");
    expect(plan.message).toBe(
      "system deps: missing chromium (browser tests (playground, graphs, run reports)), libopenblas0-pthread (a fast BLAS for Debian's PyTorch, ≈ 8× faster torch suites).\n" +
        "Running as root on Debian, so installing them now (set NNC_SYSTEM_DEPS=skip to manage them yourself):\n" +
        "  apt-get update && apt-get install -y --no-install-recommends chromium libopenblas0-pthread",
    );
  });

  it("stops a user who is not root with the one sudo command when a required package is missing", () => {
    const plan = planSystemDeps({ ...user, missing: ["chromium", "python3-torch", "libopenblas0-pthread"] });
    expect(plan.kind).toBe("stop");
    expect(plan.command).toBe("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium python3-torch libopenblas0-pthread");
    expect(plan.message).toContain(`Run:\n  ${plan.command}\nthen \`npm test\` again`);
    expect(plan.message).toContain("python3-torch (generated PyTorch programs, export suites)");
  });

  it("only warns a user who lacks the speed-only OpenBLAS, with the command", () => {
    const plan = planSystemDeps({ ...user, missing: ["libopenblas0-pthread"] });
    expect(plan).toEqual({
      kind: "warn",
      packages: ["libopenblas0-pthread"],
      command: "sudo apt-get update && sudo apt-get install -y --no-install-recommends libopenblas0-pthread",
      message:
        "system deps: warning: missing libopenblas0-pthread (a fast BLAS for Debian's PyTorch, ≈ 8× faster torch suites); the suites still pass. " +
        "Run:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends libopenblas0-pthread",
    });
  });

  it("falls back to su where there is no sudo", () => {
    expect(planSystemDeps({ ...user, hasSudo: false, missing: ["chromium"] }).command).toBe("su -c 'apt-get update && apt-get install -y --no-install-recommends chromium'");
  });

  it("stops without a command where there is no apt-get, naming the packages", () => {
    const plan = planSystemDeps({ ...root, hasAptGet: false, missing: ["chromium"] });
    expect(plan.kind).toBe("stop");
    expect(plan.command).toBe("");
    expect(plan.message).toContain("this is not a Debian system (no apt-get): install the equivalents of `chromium`");
  });

  it("does not install Debian's package for a tool the user pointed elsewhere (NNC_CHROMIUM, NNC_PYTHON)", () => {
    const plan = planSystemDeps({ ...root, missing: ["chromium", "python3-torch"], env: { NNC_CHROMIUM: "/opt/c/chrome", NNC_PYTHON: "/opt/py/bin/python" } });
    expect(plan).toEqual({
      kind: "stop",
      packages: [],
      command: "",
      message:
        "system deps: NNC_CHROMIUM=/opt/c/chrome does not exist; NNC_PYTHON=/opt/py/bin/python does not exist or cannot find the modules torch and numpy: " +
        "point it at a working one, or unset it to use Debian's package",
    });
    // Set but empty means unset, as in the suites.
    expect(planSystemDeps({ ...root, missing: ["chromium"], env: { NNC_CHROMIUM: "" } }).kind).toBe("install");
  });

  it("NNC_SYSTEM_DEPS=skip installs nothing; any other value keeps the default", () => {
    expect(planSystemDeps({ ...root, env: { NNC_SYSTEM_DEPS: "skip" }, missing: ["chromium"] }).kind).toBe("skip");
    expect(planSystemDeps({ ...root, env: { NNC_SYSTEM_DEPS: "1" }, missing: ["chromium"] }).kind).toBe("install");
  });
});

/** runSystemDeps with scripted probes (one answer per call) and recorded output. */
function run(facts: Partial<RunIo>, probes: string[][], execStatus = 0) {
  const lines: string[] = [];
  const commands: string[] = [];
  const probed: Env[] = [];
  const status = runSystemDeps({
    env: {},
    isRoot: true,
    hasAptGet: true,
    hasSudo: false,
    probe: (env) => {
      probed.push(env);
      return probes.shift() ?? [];
    },
    exec: (command) => {
      commands.push(command);
      return execStatus;
    },
    out: (l) => lines.push(`out: ${l}`),
    err: (l) => lines.push(`err: ${l}`),
    ...facts,
  });
  return { status, lines, commands, probed };
}

describe("pretest: the run", () => {
  it("under NNC_SYSTEM_DEPS=skip still probes, and says what is missing", () => {
    const r = run({ env: { NNC_SYSTEM_DEPS: "skip" } }, [["chromium"]]);
    expect(r).toEqual({
      status: 0,
      lines: ["out: system deps: nothing installed, NNC_SYSTEM_DEPS=skip (missing: chromium (browser tests (playground, graphs, run reports)); suites that need them will fail or run slower)"],
      commands: [],
      probed: [{ NNC_SYSTEM_DEPS: "skip" }],
    });
  });

  it("as root prints the plan, runs the one command, probes again and reports", () => {
    const r = run({}, [["chromium"], []]);
    expect(r.status).toBe(0);
    expect(r.commands).toEqual(["apt-get update && apt-get install -y --no-install-recommends chromium"]);
    expect(r.lines[0]).toMatch(/^out: system deps: missing chromium .*\nRunning as root on Debian, so installing them now/);
    expect(r.lines.slice(1)).toEqual(["out: system deps: installed chromium"]);
  });

  it("installs Debian's torch with its OpenBLAS (which the probe asks about only once torch is there)", () => {
    const r = run({}, [["python3-torch"], []]);
    expect(r.status).toBe(0);
    expect(r.commands).toEqual(["apt-get update && apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread"]);
    expect(r.lines.slice(1)).toEqual(["out: system deps: installed python3-torch libopenblas0-pthread"]);
  });

  it("exits 0 with a warning when the install leaves only the speed-only package missing", () => {
    const r = run({}, [["python3-torch"], ["libopenblas0-pthread"]]);
    expect(r.status).toBe(0);
    expect(r.lines.at(-1)).toBe("err: system deps: installed what the suites need; warning: still missing libopenblas0-pthread (they only run slower)");
  });

  it("fails when the install leaves something missing, naming it", () => {
    const r = run({}, [["chromium"], ["chromium"]]);
    expect(r.status).toBe(1);
    expect(r.lines.at(-1)).toBe("err: system deps: the install did not succeed (status 0); still missing: chromium");
    expect(run({}, [["chromium"], []], 100).status).toBe(1);
  });

  it("exits 0 with a warning for the speed-only package, 1 for a required one, running nothing", () => {
    const warn = run({ isRoot: false }, [["libopenblas0-pthread"]]);
    expect([warn.status, warn.commands, warn.lines[0]?.slice(0, 33)]).toEqual([0, [], "err: system deps: warning: missin"]);
    const stop = run({ isRoot: false }, [["chromium"]]);
    expect([stop.status, stop.commands]).toEqual([1, []]);
  });
});

describe("pretest: the probe", () => {
  const dir = mkdtempSync(join(tmpdir(), "nnc-system-deps-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stand-in python3 that prints `origin` (what the probe's find_spec script prints). */
  function fakePython(name: string, origin: string): string {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho '${origin}'\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it("looks at the paths the suites use (NNC_CHROMIUM, NNC_PYTHON)", () => {
    expect(probeMissing({ NNC_CHROMIUM: "/nonexistent/chromium", NNC_PYTHON: "/nonexistent/python3" })).toEqual(["chromium", "python3-torch"]);
    expect(REQUIREMENTS.map((r) => [r.name, r.required])).toEqual([["chromium", true], ["python3-torch", true], ["libopenblas0-pthread", false]]);
  });

  it("takes a Python that finds no torch as missing, and asks about OpenBLAS only for Debian's torch", () => {
    const chromium = fakePython("chromium", "");
    expect(probeMissing({ NNC_CHROMIUM: chromium, NNC_PYTHON: fakePython("no-torch", "") })).toEqual(["python3-torch"]);
    expect(probeMissing({ NNC_CHROMIUM: chromium, NNC_PYTHON: fakePython("pip-torch", "/home/u/venv/lib/python3.13/site-packages/torch/__init__.py") })).toEqual([]);
  });
});
