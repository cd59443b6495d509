import { EXIT, type CommandModule } from "../command-module.ts";

/** Placeholder: the fmt helper replaces this module (registered in commands/index.ts). */
export const fmtCommand: CommandModule = {
  name: "fmt",
  summary: "(not built yet)",
  examples: [],
  configure() {},
  run(_cmd, ctx) {
    ctx.io.stderr("nnc fmt: not built yet\n");
    return EXIT.usage;
  },
};
