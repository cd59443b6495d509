import type { CommandModule } from "../command-module.ts";
import { checkCommand } from "./check.ts";
import { compileCommand } from "./compile.ts";
import { exportCommand } from "./export.ts";
import { explainCommand } from "./explain.ts";
import { predictCommand } from "./predict.ts";
import { sampleCommand } from "./sample.ts";
import { trainCommand } from "./train.ts";
import { irCommand } from "./ir.ts";
import { gradCommand } from "./grad.ts";
import { evalCommand } from "./eval.ts";
import { jacobianCommand } from "./jacobian.ts";
import { fmtCommand } from "./fmt.ts";
import { lspCommand } from "./lsp.ts";
import { graphCommand } from "./graph.ts";

/** Every `nnc` subcommand, in the order `nnc --help` lists them. A new command adds one line here. */
export const COMMANDS: readonly CommandModule[] = [checkCommand, compileCommand, exportCommand, trainCommand, predictCommand, sampleCommand, irCommand, graphCommand, gradCommand, evalCommand, jacobianCommand, fmtCommand, lspCommand, explainCommand];
