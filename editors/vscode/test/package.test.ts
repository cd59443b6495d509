// `npm run package` for real: vsce builds the .vsix, and the archive holds what VS Code needs.
import { builtinModules } from "node:module";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExtension } from "../scripts/build.ts";
import { packageExtension } from "../scripts/package.ts";
import { zipEntries, zipRead, type ZipEntry } from "./zip.ts";

interface Manifest {
  readonly main: string;
  readonly contributes: {
    readonly languages: readonly { id: string; extensions: readonly string[]; configuration: string }[];
    readonly grammars: readonly { language: string; scopeName: string; path: string }[];
    readonly configuration: { properties: Record<string, unknown> };
    readonly commands: readonly { command: string }[];
  };
}

const dir = mkdtempSync(path.join(os.tmpdir(), "nnc-vsix-"));
let zip: Buffer;
let entries: ZipEntry[];

beforeAll(() => {
  zip = readFileSync(packageExtension(path.join(dir, "nnc.vsix"), true));
  entries = zipEntries(zip);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function read(name: string): string {
  const entry = entries.find((e) => e.name === name);
  if (entry === undefined) throw new Error(`${name} is not in the .vsix`);
  return zipRead(zip, entry).toString("utf8");
}

describe("the .vsix", () => {
  it("holds the manifest, the bundle, the grammar, the language configuration and the README, and nothing else", () => {
    expect(entries.map((e) => e.name).sort()).toEqual([
      "[Content_Types].xml",
      "extension.vsixmanifest",
      "extension/dist/extension.cjs",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/syntaxes/nn.tmLanguage.json",
    ]);
  });

  it("declares the language, grammar, settings and command, pointing at files the archive has", () => {
    const manifest = JSON.parse(read("extension/package.json")) as Manifest;
    const { languages, grammars, configuration, commands } = manifest.contributes;
    expect(languages).toEqual([expect.objectContaining({ id: "nn", extensions: [".nn"] })]);
    expect(grammars).toEqual([expect.objectContaining({ language: "nn", scopeName: "source.nn" })]);
    expect(Object.keys(configuration.properties).sort()).toEqual(["nnc.server.args", "nnc.server.path", "nnc.trace.server"]);
    expect(commands.map((c) => c.command)).toEqual(["nnc.restartServer"]);
    const inArchive = (p: string): string => `extension/${path.posix.normalize(p)}`;
    for (const file of [manifest.main, languages[0]!.configuration, grammars[0]!.path]) {
      expect(entries.map((e) => e.name)).toContain(inArchive(file));
    }
    expect(JSON.parse(read(inArchive(grammars[0]!.path)))).toMatchObject({ scopeName: "source.nn" });
  });

  it("bundles the language client: the bundle leaves only `vscode` and Node's built-ins to the host", async () => {
    const externals = await buildExtension(path.join(dir, "extension.cjs"));
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(externals).toContain("vscode");
    expect(externals.filter((m) => m !== "vscode" && !builtins.has(m))).toEqual([]);
    expect(read("extension/dist/extension.cjs")).toContain("nnc.restartServer");
  });
});
