// Each workspace's package.json names exactly the @nnc packages its files import: what its source
// (not its tests) imports under "dependencies", and nothing it does not import. With the layering lint
// (eslint/layers.js) this keeps the declared graph, turbo's task order and the real imports the same.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listCodeFiles, readImports } from "../../eslint/import-graph.js";

const repo = path.resolve(import.meta.dirname, "../..");
const workspaces = [
  ...["packages", "apps"].flatMap((g) => fs.readdirSync(path.join(repo, g)).map((d) => path.join(g, d))),
  "test",
  "bench",
].filter((d) => fs.existsSync(path.join(repo, d, "package.json")));

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** The @nnc packages imported by the files of `dir`, split by whether a non-test file imports them. */
function imported(dir: string): { bySource: Set<string>; byTests: Set<string> } {
  const bySource = new Set<string>();
  const byTests = new Set<string>();
  for (const file of listCodeFiles(path.join(repo, dir))) {
    // in test/ every file is test code: all of its imports are its dependencies
    const isTest = dir !== "test" && (/\.test\.tsx?$/.test(file) || file.includes(`${path.sep}e2e${path.sep}`));
    for (const i of readImports(file, fs.readFileSync(file, "utf8"))) {
      if (!i.specifier.startsWith("@nnc/")) continue;
      const pkg = i.specifier.split("/").slice(0, 2).join("/");
      (isTest ? byTests : bySource).add(pkg);
    }
  }
  return { bySource, byTests };
}

const nnc = (deps: Record<string, string> | undefined): string[] => Object.keys(deps ?? {}).filter((n) => n.startsWith("@nnc/")).sort();

describe("package.json @nnc dependencies", () => {
  it("finds the workspaces", () => {
    expect(workspaces).toEqual(expect.arrayContaining(["packages/ops", "packages/compiler", "apps/playground", "test", "bench"]));
  });

  for (const dir of workspaces) {
    it(`${dir}: declared = imported`, () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(repo, dir, "package.json"), "utf8")) as Manifest;
      const { bySource, byTests } = imported(dir);
      bySource.delete(manifest.name);
      byTests.delete(manifest.name);
      const deps = nnc(manifest.dependencies);
      const all = [...new Set([...deps, ...nnc(manifest.devDependencies)])].sort();
      // what the source imports is a run-time dependency; anything declared is imported somewhere
      expect(deps, `${dir}: "dependencies" lacks what its source imports`).toEqual(expect.arrayContaining([...bySource].sort()));
      expect(all, `${dir}: declared but never imported, or imported but not declared`).toEqual([...new Set([...bySource, ...byTests])].sort());
    });
  }
});
