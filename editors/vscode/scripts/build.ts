/**
 * Bundles the extension (src/extension.ts and vscode-languageclient) into dist/extension.cjs: one
 * CommonJS file, so the .vsix needs no node_modules. `vscode` is provided by the editor at run time.
 */
import path from "node:path";
import { build } from "esbuild";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "..");
export const BUNDLE = path.join(EXTENSION_DIR, "dist", "extension.cjs");

/** Builds the bundle (tests build theirs elsewhere); returns the modules it leaves to the host (`vscode` and Node's built-ins). */
export async function buildExtension(outfile = BUNDLE): Promise<string[]> {
  const result = await build({
    entryPoints: [path.join(EXTENSION_DIR, "src", "extension.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    // VS Code 1.91 runs extensions on Node 20
    target: "node20",
    external: ["vscode"],
    minify: true,
    sourcemap: false,
    metafile: true,
    logLevel: "warning",
  });
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const i of output.imports) if (i.external) externals.add(i.path);
  }
  return [...externals].sort();
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildExtension();
  console.log(`wrote ${path.relative(process.cwd(), BUNDLE)}`);
}
