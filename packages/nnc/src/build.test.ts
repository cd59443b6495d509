// What the build embeds and publishes, without building: the runtime table is closed under the
// runtime files' own imports, and the published manifest is the workspace's with a bin and no ranges.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { firstNonAscii, lazyBuiltinModule, runtimeSources } from "./build.ts";
import { cacheFileName, cacheMode, isCliPart, sealCache, unsealCache } from "./code-cache.ts";
import { publishedManifest, type WorkspaceManifest } from "./manifest.ts";

const WORKSPACE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as WorkspaceManifest;

interface Manifest {
  readonly version: string;
  readonly devDependencies?: Readonly<Record<string, string>>;
}
const manifest = (path: string): Manifest => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as Manifest;

describe("the embedded runtime sources", () => {
  const files = runtimeSources();

  it("hold every file a runtime file imports (the files a generated program inlines)", () => {
    const imported = Object.values(files).flatMap((text) => [...text.matchAll(/from\s+"\.\/([^"]+\.ts)"/g)].map((m) => m[1]!));
    expect(imported.length).toBeGreaterThan(50);
    expect(imported.filter((f) => !Object.hasOwn(files, f))).toEqual([]);
  });

  it("hold the roots of every program part and no tests", () => {
    for (const f of ["compiled-model.ts", "train-loop.ts", "run.ts", "program-main.ts", "checkpoint.ts", "mnist-data.ts", "predict.ts"]) expect(files[f]).toContain("export ");
    expect(Object.keys(files).filter((f) => f.endsWith(".test.ts"))).toEqual([]);
  });
});

describe("the published manifest", () => {
  it("is the workspace's name, version, engines and dependencies, with the bundle as its bin", () => {
    expect(publishedManifest(WORKSPACE)).toEqual({
      name: "nnc",
      version: WORKSPACE.version,
      description: WORKSPACE.description,
      type: "commonjs",
      bin: { nnc: "./nnc.js" },
      files: ["nnc.js", "main.mjs", "chunk-*.mjs", "cli*.cjs", "cli*-v8-*.cache", "runtime-files.json"],
      engines: { node: ">=20.19.0" },
      dependencies: { typescript: "6.0.3" },
    });
  });

  it("refuses a dependency that is not pinned", () => {
    expect(() => publishedManifest({ ...WORKSPACE, dependencies: { typescript: "^6.0.3" } })).toThrow('the dependency typescript must be pinned to an exact version, not "^6.0.3"');
  });
});

describe("what the package shares with the repository", () => {
  // From source `nnc --version` is @nnc/cli's version; the bundle embeds this workspace's.
  it("has the CLI's version", () => {
    expect(WORKSPACE.version).toBe(manifest("../../cli/package.json").version);
  });

  // The runtime strips types with this TypeScript; the repository's tests ran with the root's.
  it("depends on the TypeScript the repository is tested with", () => {
    expect(WORKSPACE.dependencies?.["typescript"]).toBe(manifest("../../../package.json").devDependencies?.["typescript"]);
  });
});

describe("the ASCII check of the bundle", () => {
  it("finds the first character above U+007F and its offset", () => {
    expect(firstNonAscii("const a = /[^\\s]/;")).toBeNull();
    expect(firstNonAscii("x = /[^←:]/; y = 'é'")).toEqual({ offset: 7, char: "←" });
    expect(firstNonAscii("\u007f\u0080")).toEqual({ offset: 1, char: "\u0080" });
  });
});

describe("the code cache file", () => {
  it("is named by the part and the V8 version, in characters safe in a file name", () => {
    expect(cacheFileName("11.3.244.8-node.38")).toBe("cli-v8-11.3.244.8_node.38.cache");
    expect(cacheFileName()).toMatch(/^cli-v8-[A-Za-z0-9._]+\.cache$/);
    expect(cacheFileName("11.3.244.8-node.38", "cli-67LBSLSG.cjs")).toBe("cli-67LBSLSG-v8-11.3.244.8_node.38.cache");
  });

  it("belongs to a part only the CommonJS build's file names match", () => {
    expect(["cli.cjs", "cli-67LBSLSG.cjs", "cli-A.cjs"].map(isCliPart)).toEqual([true, true, true]);
    // Not parts: the entry, the ES-module chunks, a cache, a path, lower case (esbuild's hashes are upper case).
    expect(["nnc.js", "chunk-67LBSLSG.mjs", "cli-v8-11.3.cache", "../cli.cjs", "cli-abc.cjs", "cli-.cjs", "cli.cjs.map"].map(isCliPart)).toEqual([false, false, false, false, false, false, false]);
  });

  it("gives V8's data back only when its CRC-32 matches", () => {
    const data = Buffer.from("123456789");
    const sealed = sealCache(data);
    // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
    expect(sealed.subarray(0, 4)).toEqual(Buffer.from([0xcb, 0xf4, 0x39, 0x26]));
    expect(unsealCache(sealed)).toEqual(data);
    const flipped = Buffer.from(sealed);
    flipped[8] = flipped[8]! ^ 1;
    expect(unsealCache(flipped)).toBeNull();
    expect(unsealCache(sealed.subarray(0, sealed.length - 1))).toBeNull();
    expect(unsealCache(sealed.subarray(0, 4))).toBeNull();
    expect(unsealCache(Buffer.alloc(0))).toBeNull();
  });

  it("is used unless NNC_CODE_CACHE says write or report", () => {
    expect([undefined, "", "use", "WRITE", "write", "report"].map(cacheMode)).toEqual(["use", "use", "use", "use", "write", "report"]);
  });
});

/** Runs `code` after the stand-in for `name` in a fresh Node, as one ES module; returns what it printed as JSON. */
function withStandIn(name: Parameters<typeof lazyBuiltinModule>[0], code: string): unknown {
  const dir = mkdtempSync(join(tmpdir(), "nnc-lazy-"));
  try {
    const file = join(dir, "probe.mjs");
    writeFileSync(file, `${lazyBuiltinModule(name)}\n${code}\n`);
    const r = spawnSync(process.execPath, [file], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    return JSON.parse(r.stdout) as unknown;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the stand-ins for built-ins check never calls", () => {
  const loaded = (builtin: string): string => `process.moduleLoadList.includes("NativeModule ${builtin}")`;

  it("load node:zlib on the first call, then give its results and constants", () => {
    const code = `const before = ${loaded("zlib")};
const crc = crc32("123456789");
const after = ${loaded("zlib")};
const text = gunzipSync(gzipSync(Buffer.from("nnc"))).toString();
console.log(JSON.stringify({ before, crc, after, text, flush: constants.Z_SYNC_FLUSH, keys: Object.keys(constants).length, has: "Z_DEFAULT_CHUNK" in constants }));`;
    const zlibConstants = process.getBuiltinModule("node:zlib").constants;
    // 0xCBF43926: the CRC-32 check value of "123456789".
    expect(withStandIn("node:zlib", code)).toEqual({ before: false, crc: 0xcbf43926, after: true, text: "nnc", flush: zlibConstants.Z_SYNC_FLUSH, keys: Object.keys(zlibConstants).length, has: true });
  });

  it("load node:crypto on the first call", () => {
    const code = `const before = ${loaded("crypto")};
const digest = createHash("sha256").update("abc").digest("hex");
console.log(JSON.stringify({ before, digest, after: ${loaded("crypto")} }));`;
    // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    expect(withStandIn("node:crypto", code)).toEqual({ before: false, digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", after: true });
  });

  it("give node:os's answers", () => {
    expect(withStandIn("node:os", "console.log(JSON.stringify({ total: totalmem(), tmp: tmpdir() }));")).toEqual({ total: process.getBuiltinModule("node:os").totalmem(), tmp: tmpdir() });
  });

  it("leave out classes (a stand-in cannot be constructed or tested with instanceof), so importing one fails the build", () => {
    const zlib = lazyBuiltinModule("node:zlib");
    expect(zlib).toContain("export function gunzipSync(");
    expect(zlib).not.toMatch(/export (?:function|const) Gunzip\b/);
    expect(lazyBuiltinModule("node:crypto")).not.toMatch(/export (?:function|const) Hash\b/);
  });

  it("are read-only views of a built-in's objects", () => {
    const code = `let threw = false;
try { constants.Z_SYNC_FLUSH = 99; } catch { threw = true; }
console.log(JSON.stringify({ threw, flush: constants.Z_SYNC_FLUSH }));`;
    expect(withStandIn("node:zlib", code)).toEqual({ threw: true, flush: process.getBuiltinModule("node:zlib").constants.Z_SYNC_FLUSH });
  });
});
