import { EXIT, type CommandModule } from "../command-module.ts";

/** Placeholder: the lsp helper replaces this module (registered in commands/index.ts). */
export const lspCommand: CommandModule = {
  name: "lsp",
  summary: "(not built yet)",
  examples: [],
  configure() {},
  run(_cmd, ctx) {
    ctx.io.stderr("nnc lsp: not built yet\n");
    return EXIT.usage;
  },
};
