/**
 * The main entry `@nnc/compiler` is what the playground bundles for the page and its Worker: no
 * `node:` module (nor a bare Node built-in) may be reachable from it through value imports. The Node
 * entry (node.ts) is where program assembly, which reads the runtime's sources from disk, lives.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const PACKAGES = resolve(import.meta.dirname, "..", "..");

/** `@nnc/x` or `@nnc/x/sub` → the source file its package.json exports under the @nnc/source condition. */
function packageEntry(spec: string): string {
  const [, name, sub] = /^@nnc\/([^/]+)(\/.*)?$/.exec(spec)!;
  const root = join(PACKAGES, name!);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
  const entry = pkg.exports[sub === undefined ? "." : `.${sub}`]?.["@nnc/source"];
  if (entry === undefined) throw new Error(`${spec}: no @nnc/source export`);
  return join(root, entry);
}

/** The modules a file imports for their values (`import type` and `export type` lines carry none). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+"([^"]+)"/gms)) {
    if (m[2] !== undefined) continue;
    const names = m[3]!;
    // `import { type A, type B }` is type-only too.
    if (/^\{[^}]*\}$/s.test(names.trim()) && names.replace(/[{}\s]/g, "").split(",").filter((n) => n !== "").every((n) => n.startsWith("type"))) continue;
    specs.push(m[4]!);
  }
  for (const m of text.matchAll(/^\s*import\s+"([^"]+)"/gm)) specs.push(m[1]!);
  return specs;
}

function reachable(entry: string): { files: Set<string>; nodeImports: string[] } {
  const files = new Set<string>();
  const nodeImports: string[] = [];
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of valueImports(file)) {
      if (spec.startsWith("node:") || ["fs", "path", "os", "url", "vm", "module", "child_process"].includes(spec)) nodeImports.push(`${file.slice(PACKAGES.length + 1)} imports ${spec}`);
      else if (spec.startsWith("@nnc/")) stack.push(packageEntry(spec));
      else if (spec.startsWith(".")) {
        const target = resolve(dirname(file), spec);
        if (existsSync(target)) stack.push(target);
      }
    }
  }
  return { files, nodeImports };
}

describe("@nnc/compiler (main entry) is browser-safe", () => {
  it("reaches no node: module through value imports, while the Node entry does", () => {
    const main = reachable(packageEntry("@nnc/compiler"));
    expect(main.files.size).toBeGreaterThan(50);
    expect([...main.files].some((f) => f.endsWith(join("codegen-ts", "src", "generate.ts")))).toBe(true);
    expect(main.nodeImports).toEqual([]);
    // The check can fail: the Node entry reads the runtime's sources from disk.
    expect(reachable(packageEntry("@nnc/compiler/node")).nodeImports.length).toBeGreaterThan(0);
  });
});
