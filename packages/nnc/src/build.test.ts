// What the build embeds and publishes, without building: the runtime table is closed under the
// runtime files' own imports, and the published manifest is the workspace's with a bin and no ranges.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runtimeSources } from "./build.ts";
import { publishedManifest, type WorkspaceManifest } from "./manifest.ts";

const WORKSPACE = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as WorkspaceManifest;

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
      type: "module",
      bin: { nnc: "./nnc.js" },
      files: ["nnc.js", "chunk-*.js", "runtime-files.json"],
      engines: { node: ">=20.19.0" },
      dependencies: { typescript: "6.0.3" },
    });
  });

  it("refuses a dependency that is not pinned", () => {
    expect(() => publishedManifest({ ...WORKSPACE, dependencies: { typescript: "^6.0.3" } })).toThrow('the dependency typescript must be pinned to an exact version, not "^6.0.3"');
  });
});
