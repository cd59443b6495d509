export { runCli } from "./cli.ts";
export { EXIT, type CliContext, type CommandModule } from "./command-module.ts";
export { COMMANDS } from "./commands/index.ts";
export { nodeIo, recordingIo, shouldColor, type CliIo, type ColorMode } from "./io.ts";
export { diagnosticJson, type DiagnosticJson } from "./diagnostic-json.ts";
export { evaluateWithTs, shippedClass, type BackendResult, type TsClass } from "./ts-backend.ts";
