import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The development launcher runs the CLI from a bundle of the sources (bin/dev-bundle.mjs) and falls back
// to tsx (NNC_DEV_BUNDLE=0 forces that path): both must behave alike, and a bundle must be used only while
// the files it was made from are unchanged.
const BIN = fileURLToPath(new URL("../bin/nnc.js", import.meta.url));
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SPIRALS = join(REPO, "examples", "spirals.nn");

function nnc(args: readonly string[], env: Record<string, string>, cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 280_000 });
}

const bundles = (cache: string): string[] => readdirSync(cache).filter((f) => f.startsWith("b-")).sort();

describe("the development launcher's bundle (bin/dev-bundle.mjs)", () => {
  it("writes the same programs and says the same as the sources run through tsx", () => {
    const cache = mkdtempSync(join(tmpdir(), "nnc-dev-cache-"));
    const out = mkdtempSync(join(tmpdir(), "nnc-dev-out-"));
    const viaBundle = nnc(["compile", SPIRALS, "--target", "js", "-o", join(out, "a.mjs")], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" });
    const viaTsx = nnc(["compile", SPIRALS, "--target", "js", "-o", join(out, "b.mjs")], { NNC_DEV_BUNDLE: "0" });
    expect(viaBundle.status, viaBundle.stderr).toBe(0);
    expect(viaTsx.status, viaTsx.stderr).toBe(0);
    expect(bundles(cache)).toHaveLength(1);
    // Programs differ only in their own file names; the generated code is byte for byte the same
    // (the code generators write `import.meta.url` into programs: the bundle must not replace it there).
    const named = (text: string, own: string): string => text.replaceAll(`${own}.runtime.mjs`, "P.runtime.mjs").replaceAll(`"${own}.mjs"`, '"P.mjs"');
    expect(named(readFileSync(join(out, "a.mjs"), "utf8"), "a")).toBe(named(readFileSync(join(out, "b.mjs"), "utf8"), "b"));
    expect(named(readFileSync(join(out, "a.runtime.mjs"), "utf8"), "a")).toBe(named(readFileSync(join(out, "b.runtime.mjs"), "utf8"), "b"));
    expect(readFileSync(join(out, "a.mjs"), "utf8")).toContain("fileURLToPath(import.meta.url)");
    const broken = join(out, "broken.nn");
    writeFileSync(broken, "model M(x: f32[3]) -> (y: f32[4]) {\n  y = x\n}\n");
    const checks = [nnc(["check", SPIRALS, broken], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" }), nnc(["check", SPIRALS, broken], { NNC_DEV_BUNDLE: "0" })];
    expect(checks[0]!.status).toBe(1);
    expect(checks[0]!.stdout + checks[0]!.stderr).toBe(checks[1]!.stdout + checks[1]!.stderr);
    expect(checks[0]!.stderr).toContain("error[E");
    expect(nnc(["--version"], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" }).stdout).toBe(nnc(["--version"], { NNC_DEV_BUNDLE: "0" }).stdout);
    expect(bundles(cache)).toHaveLength(1);
  });

  it("bundles again when a file it was made from differs from what it recorded", () => {
    const cache = mkdtempSync(join(tmpdir(), "nnc-dev-cache-"));
    expect(nnc(["--version"], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" }).status).toBe(0);
    const [first] = bundles(cache);
    const pointer = join(cache, "current.json");
    const current = JSON.parse(readFileSync(pointer, "utf8")) as { dir: string; files: [string, number, number][] };
    expect(current.dir).toBe(first);
    const recorded = current.files.map(([f]) => f);
    expect(recorded).toContain("packages/cli/src/main.ts");
    expect(recorded).toContain("packages/cli/bin/dev-bundle.mjs");
    expect(recorded).toContain("node_modules/.package-lock.json");
    // The same files: the bundle is used, nothing is made.
    expect(nnc(["--version"], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" }).status).toBe(0);
    expect(bundles(cache)).toEqual([first]);
    // One recorded size off (as after an edit of packages/cli/src/main.ts): a new bundle, named in current.json.
    const at = recorded.indexOf("packages/cli/src/main.ts");
    current.files[at]![1] += 1;
    writeFileSync(pointer, JSON.stringify(current));
    const again = nnc(["check", SPIRALS], { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain("spirals.nn: ok");
    expect(bundles(cache)).toHaveLength(2);
    expect((JSON.parse(readFileSync(pointer, "utf8")) as { dir: string }).dir).not.toBe(first);
  });

  it("makes a new bundle when current.json is damaged, and records a file that is not there as such", () => {
    const cache = mkdtempSync(join(tmpdir(), "nnc-dev-cache-"));
    const env = { NNC_DEV_CACHE: cache, NNC_DEV_BUNDLE: "1" };
    expect(nnc(["--version"], env).status).toBe(0);
    const pointer = join(cache, "current.json");
    writeFileSync(pointer, '{"dir": "b-x", "files": [null, 3]}');
    const r = nnc(["--version"], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^nnc \d+\.\d+\.\d+/);
    expect(bundles(cache)).toHaveLength(2);
    // A file recorded as absent (size and time −1) that is still absent leaves the bundle up to date.
    const current = JSON.parse(readFileSync(pointer, "utf8")) as { dir: string; files: [string, number, number][] };
    current.files.push(["no-such-file.json", -1, -1]);
    writeFileSync(pointer, JSON.stringify(current));
    expect(nnc(["--version"], env).status).toBe(0);
    expect(bundles(cache)).toHaveLength(2);
  });
});
