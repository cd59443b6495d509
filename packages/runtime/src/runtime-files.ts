/**
 * The runtime's own source files, by name (runtime-chunks.ts; Node-only, never inlined). Run from
 * source, they are read beside this file. The bundled CLI (packages/nnc/src/build.ts) replaces this
 * module with one that holds the same files' text, embedded at build time: the same names give the
 * same text, so a program compiled by either is the same program.
 */
import { readFileSync } from "node:fs";

export function readRuntimeFile(file: string): string {
  return readFileSync(new URL(`./${file}`, import.meta.url), "utf8");
}
