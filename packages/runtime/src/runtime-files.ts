/**
 * The runtime's own source files, by name (runtime-chunks.ts; Node-only, never inlined). Run from
 * source, they are read beside this file. The bundled CLI (packages/nnc/src/build.ts) replaces this
 * module with one that holds the same files' text, embedded at build time: the same names give the
 * same text, so a program compiled by either is the same program.
 */
import { readFileSync, statSync } from "node:fs";

/**
 * Each file's text as last read, with the modification time and size it had: a compile reads every
 * runtime file several times, and a process compiling many programs (tests, the bench) would read
 * and decode them again each time. A file changed since (its time or size) is read anew, so an
 * edited file is never served stale; an unchanged one is the same string, which later memos compare
 * by identity.
 */
const lastRead = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();

export function readRuntimeFile(file: string): string {
  const url = new URL(`./${file}`, import.meta.url);
  const { mtimeMs, size } = statSync(url);
  const hit = lastRead.get(file);
  if (hit !== undefined && hit.mtimeMs === mtimeMs && hit.size === size) return hit.text;
  const text = readFileSync(url, "utf8");
  lastRead.set(file, { mtimeMs, size, text });
  return text;
}
