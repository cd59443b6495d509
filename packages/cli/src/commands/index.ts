import type { CommandModule } from "../command-module.ts";
import { checkCommand } from "./check.ts";
import { explainCommand } from "./explain.ts";

/** Every `nnc` subcommand, in the order `nnc --help` lists them. A new command adds one line here. */
export const COMMANDS: readonly CommandModule[] = [checkCommand, explainCommand];
