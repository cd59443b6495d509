#!/usr/bin/env node
// Runs the CLI from its TypeScript sources in this one process: no second node, so there is no child
// to orphan when this process is killed, and signals and the exit status are the process's own.
// The sources run as a bundle esbuild makes of them when they change (dev-bundle.mjs: a start with
// unchanged sources loads it in a fraction of tsx's time). Where no bundle can be had (a source that
// does not build, a read-only checkout), tsx runs them: chevrotain (hundreds of ES modules) is imported
// before tsx registers its loader hooks, which roughly halves its load time; the TypeScript sources then
// find it cached. tsx's hooks then compile every `.ts` file, and source-condition.mjs makes workspace
// packages resolve to their src/ (the "@nnc/source" export condition). Hooks registered later run
// first, so ours sees each request first.
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { devBundle } from "./dev-bundle.mjs";

const bundled = process.env["NNC_DEV_BUNDLE"] === "0" ? null : await devBundle();
if (bundled !== null) {
  await import(pathToFileURL(bundled).href);
} else {
  await import("chevrotain");
  await import("tsx");
  register("./source-condition.mjs", import.meta.url);
  await import("../src/main.ts");
}
