#!/usr/bin/env node
// Runs the CLI from its TypeScript sources in this one process: no second node, so there is no child
// to orphan when this process is killed, and signals and the exit status are the process's own.
// chevrotain (hundreds of ES modules) is imported before tsx registers its loader hooks, which roughly
// halves its load time; the TypeScript sources then find it cached. tsx's hooks then compile every
// `.ts` file, and source-condition.mjs makes workspace packages resolve to their src/ (the
// "@nnc/source" export condition). Hooks registered later run first, so ours sees each request first.
import { register } from "node:module";

await import("chevrotain");
await import("tsx");
register("./source-condition.mjs", import.meta.url);
await import("../src/main.ts");
