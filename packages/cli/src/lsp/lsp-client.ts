/** Test helper: `nnc lsp --stdio` spawned from source, driven by vscode-languageserver-protocol's client side. */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  createProtocolConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly init: InitializeResult;
  /** Resolves with the next diagnostics published for `uri` at `version`. */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  readonly stderr: () => string;
}

export async function startTestServer(): Promise<TestServer> {
  const child = spawn(process.execPath, ["packages/cli/bin/nnc.js", "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published: PublishDiagnosticsParams[] = [];
  const waiting: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiting.findIndex((w) => w.uri === p.uri && w.version === p.version);
    const w = waiting[i];
    if (w === undefined) published.push(p);
    else {
      waiting.splice(i, 1);
      w.resolve(p);
    }
  });
  connection.listen();
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- rootUri is still a required field of InitializeParams in protocol 3.18
  const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    child,
    init,
    stderr: () => err,
    diagnostics: (uri, version) =>
      new Promise((resolve) => {
        const i = published.findIndex((p) => p.uri === uri && p.version === version);
        const p = published[i];
        if (p !== undefined) {
          published.splice(i, 1);
          resolve(p);
        } else waiting.push({ uri, version, resolve });
      }),
  };
}

export async function stopTestServer(s: TestServer): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => s.child.on("exit", (code) => { resolve(code); }));
  await s.connection.sendRequest("shutdown");
  await s.connection.sendNotification("exit");
  const code = await exited;
  s.connection.dispose();
  return code;
}

export const ROOT_DIR = ROOT;
