/**
 * `npm run package -w nnc-vscode`: builds the bundle (vsce runs `vscode:prepublish`) and writes
 * dist/nnc-vscode-<version>.vsix with @vscode/vsce. `--no-dependencies`: the bundle already holds the
 * language client. The repository has no LICENSE file or repository URL yet, so vsce is told to allow both.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const EXTENSION_DIR = path.resolve(import.meta.dirname, "..");

export function vsixPath(): string {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, "package.json"), "utf8")) as { name: string; version: string };
  return path.join(EXTENSION_DIR, "dist", `${manifest.name}-${manifest.version}.vsix`);
}

/** Runs vsce; its output (warnings included) goes to this process's stdout/stderr unless `quiet`. */
export function packageExtension(out = vsixPath(), quiet = false): string {
  const vsce = createRequire(import.meta.url).resolve("@vscode/vsce/vsce");
  execFileSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out], {
    cwd: EXTENSION_DIR,
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
  });
  return out;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  console.log(`wrote ${path.relative(process.cwd(), packageExtension())}`);
}
