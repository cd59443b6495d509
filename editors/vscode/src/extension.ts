/**
 * The VS Code side of nnc: a language client that runs `nnc lsp --stdio` (see server-command.ts for which
 * `nnc`) for `.nn` files, and the command "nnc: Restart Language Server". Highlighting, brackets and
 * comments are static (the grammar and language configuration), so they work without the server.
 */
import { accessSync, constants, statSync } from "node:fs";
import os from "node:os";
import * as vscode from "vscode";
import { LanguageClient } from "vscode-languageclient/node";
import type { ExecutableOptions, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { resolveServerCommand } from "./server-command.ts";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function localFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file").map((f) => f.uri.fsPath);
}

async function showError(message: string): Promise<void> {
  output?.error(message);
  const choice = await vscode.window.showErrorMessage(message, "Open Settings", "Show Log");
  if (choice === "Open Settings") await vscode.commands.executeCommand("workbench.action.openSettings", "nnc.server");
  if (choice === "Show Log") output?.show();
}

async function startClient(log: vscode.LogOutputChannel): Promise<void> {
  const config = vscode.workspace.getConfiguration("nnc");
  const folders = localFolders();
  const resolved = resolveServerCommand({
    configuredPath: config.get<string>("server.path", ""),
    args: config.get<string[]>("server.args", ["lsp", "--stdio"]),
    workspaceFolders: folders,
    trusted: vscode.workspace.isTrusted,
    pathVariable: process.env["PATH"],
    pathExt: process.env["PATHEXT"],
    comSpec: process.env["ComSpec"],
    platform: process.platform,
    home: os.homedir(),
    isExecutable,
  });
  if ("error" in resolved) {
    await showError(resolved.error);
    return;
  }
  log.info(`starting ${resolved.display} (found via ${resolved.from})`);
  // vscode-languageclient copies these options into child_process.spawn, the field its type omits included
  const options: ExecutableOptions & { windowsVerbatimArguments?: boolean } = {
    ...(resolved.verbatim ? { windowsVerbatimArguments: true } : {}),
    ...(folders[0] === undefined ? {} : { cwd: folders[0] }),
  };
  const serverOptions: ServerOptions = { command: resolved.command, args: [...resolved.args], options };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: "nn", scheme: "file" },
      { language: "nn", scheme: "untitled" },
    ],
    outputChannel: log,
    traceOutputChannel: log,
  };
  // the id "nnc" makes the client read the setting nnc.trace.server
  const started = new LanguageClient("nnc", "nnc language server", serverOptions, clientOptions);
  client = started;
  try {
    await started.start();
  } catch (e) {
    client = undefined;
    const reason = e instanceof Error ? e.message : String(e);
    await showError(`nnc: the language server (${resolved.display}) did not start: ${reason}`);
  }
}

async function stopClient(): Promise<void> {
  const running = client;
  client = undefined;
  if (running === undefined) return;
  try {
    await running.stop();
  } catch (e) {
    output?.warn(`stopping the language server: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function restart(log: vscode.LogOutputChannel): Promise<void> {
  await stopClient();
  await startClient(log);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel("nnc", { log: true });
  output = log;
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand("nnc.restartServer", () => restart(log)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("nnc.server")) void restart(log);
    }),
    // trust makes the workspace's node_modules/.bin/nnc (and its own settings) eligible
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(log)),
  );
  await startClient(log);
}

export function deactivate(): Promise<void> {
  return stopClient();
}
