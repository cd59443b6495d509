import type { CommandModule } from "../command-module.ts";
import { checkCommand } from "./check.ts";
import { explainCommand } from "./explain.ts";
import { irCommand } from "./ir.ts";
import { gradCommand } from "./grad.ts";
import { evalCommand } from "./eval.ts";
import { jacobianCommand } from "./jacobian.ts";

/** Every `nnc` subcommand, in the order `nnc --help` lists them. A new command adds one line here. */
export const COMMANDS: readonly CommandModule[] = [checkCommand, irCommand, gradCommand, evalCommand, jacobianCommand, explainCommand];
