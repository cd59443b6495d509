import { EXIT, type CommandModule } from "../command-module.ts";

/** `nnc lsp --stdio`: the language server; it runs until the client sends `exit` (or closes the pipe). */
export const lspCommand: CommandModule = {
  name: "lsp",
  summary: "run the language server (LSP over stdio) for editors: diagnostics, hover, completion, …",
  examples: [["nnc lsp --stdio", "started by an editor; speaks JSON-RPC on stdin/stdout (docs/language-server.md)"]],
  configure(cmd) {
    cmd.option("--stdio", "talk LSP over stdin/stdout (the default and only transport)");
  },
  async run() {
    // The server is loaded only here: other commands never pay for vscode-languageserver.
    // stdout carries the protocol: a stray console.log anywhere would corrupt it.
    console.log = console.error;
    const { startServer } = await import("../lsp/server.ts");
    const connection = startServer({ input: process.stdin, output: process.stdout });
    await new Promise<void>((resolve) => connection.onExit(resolve));
    return EXIT.ok;
  },
};
