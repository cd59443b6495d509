import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Module specifiers of every run-time import or re-export in `text` (`import … from "x"`, `export * from
 * "x"`, `import "x"`, `import("x")`); type-only ones (`import type`, `export type`) leave no edge at run time.
 */
function specifiers(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Every runtime file reachable from `entry` through `./` imports, with the imports each makes. */
function moduleGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (file: string): void => {
    if (graph.has(file)) return;
    const specs = specifiers(readFileSync(new URL(`./${file}`, import.meta.url), "utf8"));
    graph.set(file, specs);
    for (const s of specs) if (s.startsWith("./")) visit(s.slice(2));
  };
  visit(entry);
  return graph;
}

describe("the runtime core is browser-safe", () => {
  const graph = moduleGraph("core.ts");

  it("reaches the pure modules the page needs", () => {
    for (const f of ["rng.ts", "synthetic.ts", "dataset.ts", "bind.ts", "metrics.ts", "schedules.ts", "train-session.ts", "train-loop.ts", "settings.ts", "program-info.ts"]) {
      expect(graph.has(f), f).toBe(true);
    }
  });

  it("imports no node: module and no other package, directly or indirectly", () => {
    const bad = [...graph].flatMap(([file, specs]) => specs.filter((s) => !s.startsWith("./")).map((s) => `${file} imports ${s}`));
    expect(bad).toEqual([]);
  });

  it("uses no Node global (process, Buffer, require, __dirname)", () => {
    const bad = [...graph.keys()].filter((f) => /\b(?:process\.|Buffer\b|require\(|__dirname)/.test(readFileSync(new URL(`./${f}`, import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")));
    expect(bad).toEqual([]);
  });

  it("the scanner sees what it must reject: the Node adapter does reach node: modules", () => {
    const node = moduleGraph("index.ts");
    const nodeImports = [...node.values()].flat().filter((s) => s.startsWith("node:"));
    expect(nodeImports).toContain("node:fs");
    expect(specifiers('import { a } from "node:fs";\nexport * from "./x.ts";\nimport type {\n  B,\n} from "./y.ts";\nimport "node:os";\nconst z = await import("node:zlib");')).toEqual(["node:fs", "./x.ts", "node:os", "node:zlib"]);
  });
});
