// The bundled extension (dist/extension.cjs) activated in a stand-in VS Code: it starts the repository's
// real `nnc lsp --stdio`, completes the LSP handshake (the client registers a provider per capability
// the server announces) and shuts the server down on deactivate.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildExtension, EXTENSION_DIR } from "../scripts/build.ts";
import { fakeVscode } from "./fake-vscode.ts";

interface ExtensionModule {
  activate(context: { subscriptions: { dispose(): unknown }[] }): Promise<void>;
  deactivate(): Promise<void>;
}

const REPO = path.resolve(EXTENSION_DIR, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "nnc-ext-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let loaded: ExtensionModule | undefined;

/**
 * The bundle, loaded once from a folder whose node_modules/vscode forwards every read to the current
 * `api` (the real `vscode` is the editor's), so each test can give it another host.
 */
async function loadExtension(api: object): Promise<ExtensionModule> {
  (globalThis as { __nncFakeVscode?: object }).__nncFakeVscode = api;
  if (loaded !== undefined) return loaded;
  await buildExtension(path.join(dir, "extension.cjs"));
  mkdirSync(path.join(dir, "node_modules", "vscode"), { recursive: true });
  writeFileSync(
    path.join(dir, "node_modules", "vscode", "index.js"),
    // the own keys let esbuild's ESM interop copy them (as getters); every read goes to the current host
    "const keys = Object.fromEntries(Object.keys(globalThis.__nncFakeVscode).map((k) => [k, undefined]));\n" +
      "module.exports = new Proxy(keys, { get: (_t, key) => globalThis.__nncFakeVscode[key] });\n",
  );
  loaded = createRequire(path.join(dir, "loader.cjs"))("./extension.cjs") as ExtensionModule;
  return loaded;
}

describe("the extension in a stand-in VS Code", () => {
  it("starts `nnc lsp --stdio`, gets the server's capabilities, and stops it", async () => {
    const nnc = path.join(REPO, "node_modules", ".bin", "nnc");
    const host = fakeVscode({ workspaceFolder: REPO, trusted: true, settings: { "nnc.server.path": nnc } });
    const extension = await loadExtension(host.api);
    const subscriptions: { dispose(): unknown }[] = [];
    await extension.activate({ subscriptions });
    expect(host.logs.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(host.logs).toContain(`info: starting ${nnc} lsp --stdio (found via setting)`);
    expect(host.commands).toEqual(["nnc.restartServer"]);
    expect(host.registered).toEqual(
      expect.arrayContaining([
        "registerHoverProvider",
        "registerCompletionItemProvider",
        "registerDefinitionProvider",
        "registerSignatureHelpProvider",
        "registerRenameProvider",
        "registerDocumentSymbolProvider",
        "registerDocumentFormattingEditProvider",
      ]),
    );
    await extension.deactivate();
    for (const s of subscriptions) s.dispose();
  });

  it("without any `nnc` it starts nothing and says how to get one", async () => {
    const host = fakeVscode({ workspaceFolder: REPO, trusted: false, settings: {} });
    const extension = await loadExtension(host.api);
    const savedPath = process.env["PATH"];
    process.env["PATH"] = "";
    try {
      await extension.activate({ subscriptions: [] });
    } finally {
      process.env["PATH"] = savedPath;
    }
    expect(host.logs.filter((l) => l.startsWith("error message:"))).toEqual([
      expect.stringContaining("cannot find the `nnc` command on PATH, and this workspace is not trusted") as unknown,
    ]);
    expect(host.registered).toEqual([]);
    await extension.deactivate();
  });
});
