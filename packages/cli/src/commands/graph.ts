import { EXIT, type CommandModule } from "../command-module.ts";

/** Placeholder: the graph helper replaces this module (registered in commands/index.ts). */
export const graphCommand: CommandModule = {
  name: "graph",
  summary: "(not built yet)",
  examples: [],
  configure() {},
  run(_cmd, ctx) {
    ctx.io.stderr("nnc graph: not built yet\n");
    return EXIT.usage;
  },
};
