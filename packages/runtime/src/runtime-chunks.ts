/**
 * The runtime's files as chunks of source text (runtime-source.ts; Node-only, never inlined): sibling
 * imports removed, `node:` imports collected so they can be hoisted once, `export` keywords dropped.
 * Each inlined file imports only `node:` built-ins and sibling files, and top-level names are unique
 * across them, so the chunks concatenate into one module.
 */
import { readRuntimeFile } from "./runtime-files.ts";
import type { RuntimeChunk } from "./runtime-shake.ts";

export { readRuntimeFile };

const SIBLING_IMPORT = /^import\s+(?:type\s+)?\{[^}]*\}\s+from\s+"\.\/([^"]+)";[ \t]*\n/gm;
const NODE_IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+"(node:[^"]+)";[ \t]*\n/gm;
const EXPORT = /^export\s+(?=(?:async\s+)?(?:function|class|const|let|interface|type|abstract)\b)/gm;

/** Files of `roots` and everything they import, dependencies first, each once. */
export function runtimeFilesFrom(roots: readonly string[]): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (file: string): void => {
    if (order.includes(file) || visiting.has(file)) return;
    visiting.add(file);
    for (const m of readRuntimeFile(file).matchAll(SIBLING_IMPORT)) visit(m[1]!);
    order.push(file);
  };
  for (const f of roots) visit(f);
  return order;
}

/** `node:` imports by module: value names and type-only names (a spec may read `constants as fsConstants`). */
export interface NodeImports {
  readonly values: Map<string, Set<string>>;
  readonly types: Map<string, Set<string>>;
}

export function addImport(into: NodeImports, module: string, names: string, typeOnly: boolean): void {
  for (const raw of names.split(",")) {
    const spec = raw.trim();
    if (spec === "") continue;
    const isType = typeOnly || spec.startsWith("type ");
    const name = spec.replace(/^type\s+/, "");
    const map = isType ? into.types : into.values;
    const set = map.get(module) ?? new Set<string>();
    set.add(name);
    map.set(module, set);
  }
}

/** The local name an import spec binds (`constants as fsConstants` binds fsConstants). */
export function localName(spec: string): string {
  return spec.split(/\s+as\s+/).pop()!.trim();
}

export function importLines(imports: NodeImports): string {
  const lines: string[] = [];
  const modules = [...new Set([...imports.values.keys(), ...imports.types.keys()])].sort();
  for (const m of modules) {
    const values = imports.values.get(m) ?? new Set<string>();
    const types = [...(imports.types.get(m) ?? [])].filter((t) => !values.has(t));
    // One line per module; type-only names inline (`type Stats`), or `import type` when all are types.
    if (values.size > 0) lines.push(`import { ${[...[...values].sort(), ...types.sort().map((t) => `type ${t}`)].join(", ")} } from "${m}";`);
    else if (types.length > 0) lines.push(`import type { ${types.sort().join(", ")} } from "${m}";`);
  }
  return lines.join("\n");
}

/** Only the names in `used` of `imports`. */
export function usedImports(imports: NodeImports, used: ReadonlySet<string>): NodeImports {
  const keep = (m: Map<string, Set<string>>): Map<string, Set<string>> =>
    new Map([...m].map(([mod, names]) => [mod, new Set([...names].filter((n) => used.has(localName(n))))] as const).filter(([, names]) => names.size > 0));
  return { values: keep(imports.values), types: keep(imports.types) };
}

/** The files (no imports, no exports) and the node imports they need. */
export function collectChunks(files: readonly string[]): { chunks: RuntimeChunk[]; imports: NodeImports } {
  const imports: NodeImports = { values: new Map(), types: new Map() };
  const chunks = files.map((file) => {
    let text = readRuntimeFile(file).replace(SIBLING_IMPORT, "");
    text = text.replace(NODE_IMPORT, (_m, typeOnly: string | undefined, names: string, module: string) => {
      addImport(imports, module, names, typeOnly !== undefined);
      return "";
    });
    return { file, text: text.replace(EXPORT, "").trim() };
  });
  return { chunks, imports };
}

export function joinChunks(chunks: readonly RuntimeChunk[]): string {
  return chunks.map((c) => `// ---- runtime: ${c.file} ----\n${c.text}\n`).join("\n");
}
