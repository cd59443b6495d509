/**
 * `tsx --conditions=@nnc/source src/compile-workload.ts IN.nn OUT.mjs`: the program `nnc compile
 * --target js` emits, without the CLI (for profiling a workload with `node --cpu-prof OUT.mjs`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { compileJs } from "./nnc.ts";

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) throw new Error("usage: compile-workload IN.nn OUT.mjs");
writeFileSync(output, compileJs(input, readFileSync(input, "utf8")));
