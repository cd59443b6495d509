// Every diagnostic code written in the source is one `nnc explain` knows. Calls of `diagnostic()` are
// checked by the type DiagnosticCode; this also covers the packages that may not import it (the runtime
// is a leaf: its coded errors carry plain strings) and the CLI's usage errors.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { codeInfo } from "@nnc/diagnostics";

const repo = path.resolve(import.meta.dirname, "../..");
const roots = ["packages", "apps"].flatMap((g) => fs.readdirSync(path.join(repo, g)).map((p) => path.join(repo, g, p, "src"))).concat(path.join(repo, "bench/src"));

/** Non-test TypeScript files under `dir`. */
function sources(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [full] : [];
  });
}

describe("diagnostic codes in the source", () => {
  it("every quoted code (\"E0623\") in non-test source has a title and an explanation", () => {
    const unknown: string[] = [];
    let seen = 0;
    for (const file of roots.flatMap(sources)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/["'`](E\d{4})["'`]/g)) {
        seen++;
        if (codeInfo(m[1]!) === undefined) unknown.push(`${path.relative(repo, file)}: ${m[1]!}`);
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(unknown).toEqual([]);
  });
});
