import type { CommandModule } from "../command-module.ts";
import { loadAllCommands } from "./registry.ts";

/** Every `nnc` subcommand, loaded, in the order `nnc --help` lists them (the list is registry.ts's). */
export const COMMANDS: readonly CommandModule[] = await loadAllCommands();
