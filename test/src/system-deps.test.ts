/**
 * The root `pretest` decision (scripts/system-deps.mjs): what `npm test` does on a machine that lacks
 * Chromium, PyTorch or the pthread OpenBLAS — install with apt-get when it may, else stop with the one
 * command to run.
 */
import { describe, expect, it } from "vitest";
import { planSystemDeps, probeMissing, REQUIREMENTS, type SystemFacts } from "../../scripts/system-deps.mjs";

const root: SystemFacts = { missing: [], isRoot: true, hasAptGet: true, hasSudo: false, optOut: undefined };

describe("pretest: system dependencies", () => {
  it("prints one line when everything is present", () => {
    const plan = planSystemDeps(root);
    expect(plan).toEqual({ kind: "ok", packages: [], command: "", message: "system deps: chromium, python3-torch, libopenblas0-pthread present" });
  });

  it("installs what is missing, in the order the suites need it, as root on Debian", () => {
    const plan = planSystemDeps({ ...root, missing: ["libopenblas0-pthread", "chromium"] });
    expect(plan.kind).toBe("install");
    expect(plan.packages).toEqual(["chromium", "libopenblas0-pthread"]);
    expect(plan.command).toBe("apt-get update && apt-get install -y chromium libopenblas0-pthread");
  });

  it("stops with the one sudo command for a user who is not root", () => {
    const plan = planSystemDeps({ ...root, isRoot: false, hasSudo: true, missing: ["chromium", "python3-torch"] });
    expect(plan.kind).toBe("stop");
    expect(plan.command).toBe("sudo apt-get update && sudo apt-get install -y chromium python3-torch");
    expect(plan.message).toContain(`Run:\n  ${plan.command}\n`);
    expect(plan.message).toContain("python3-torch (generated PyTorch programs, export suites)");
  });

  it("falls back to su where there is no sudo", () => {
    const plan = planSystemDeps({ ...root, isRoot: false, missing: ["python3-torch"] });
    expect(plan.command).toBe("su -c 'apt-get update && apt-get install -y python3-torch'");
  });

  it("stops without a command where there is no apt-get, naming the packages", () => {
    const plan = planSystemDeps({ ...root, hasAptGet: false, missing: ["chromium"] });
    expect(plan.kind).toBe("stop");
    expect(plan.command).toBe("");
    expect(plan.message).toContain("not a Debian system");
    expect(plan.message).toContain("`chromium`");
  });

  it("NNC_SYSTEM_DEPS=skip installs nothing and says what is missing", () => {
    expect(planSystemDeps({ ...root, optOut: "skip", missing: ["chromium"] })).toEqual({
      kind: "skip",
      packages: ["chromium"],
      command: "",
      message: "system deps: not checked, NNC_SYSTEM_DEPS=skip (missing: chromium; suites that need them will fail)",
    });
    // Any other value keeps the default: install.
    expect(planSystemDeps({ ...root, optOut: "1", missing: ["chromium"] }).kind).toBe("install");
  });

  it("probes the paths the suites use (NNC_CHROMIUM, NNC_PYTHON)", () => {
    const missing = probeMissing({ NNC_CHROMIUM: "/nonexistent/chromium", NNC_PYTHON: "/nonexistent/python3" });
    expect(missing.slice(0, 2)).toEqual(["chromium", "python3-torch"]);
    expect(REQUIREMENTS.map((r) => r.name)).toEqual(["chromium", "python3-torch", "libopenblas0-pthread"]);
  });
});
