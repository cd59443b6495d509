/**
 * initParams in generated code, the same numbers as the interpreter's initParams: parameter `id`
 * draws from mulberry32(fnv1a32(`${seed}:${id}`)); each element's expression comes from the initializer
 * table of @nnc/ops (packages/ops/src/train/initializers.ts), whose `code` writes the draws in the order
 * of its `sample` (the interpreter's), so f64 results agree bit for bit.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Graph, Node, ParamInit } from "@nnc/ir";
import { defaultInit, fans, initializerOf } from "@nnc/ops";
import { jsString, numLit, type NameTable } from "./names.ts";

function concreteShape(n: Node): number[] {
  return n.type.shape.map((d) => {
    if (typeof d !== "number") throw new InternalCompilerError(`codegen: param ${n.id} has a symbolic dim`, n.span);
    return d;
  });
}

const ZEROS: ParamInit = { kind: "zeros" };

/** Statements of initParams(seed) for every param and buffer of `g` (`W1` is the local bound to W1's array). */
export function initStatements(g: Graph, params: readonly Node[], names: NameTable, className: string): string[] {
  const lines: string[] = [];
  for (const n of params) {
    const shape = concreteShape(n);
    const size = shape.reduce((a, b) => a * b, 1);
    // A param's default depends on its rank (glorot for matrices); any other state (a buffer) starts at zero.
    const init = (Object.hasOwn(g.inits, n.id) ? g.inits[n.id] : undefined) ?? (n.op === "param" ? defaultInit(shape.length) : ZEROS);
    const w = names.get(n.id);
    const code = initializerOf(init).code(init, fans(shape), numLit);
    if ("values" in code) {
      if (code.values.length !== size) throw new InternalCompilerError(`values(): ${code.values.length} values for param ${n.id} of ${size} elements`, n.span);
      lines.push(`${w}.set([${code.values.map(numLit).join(", ")}]);`);
      continue;
    }
    if (!code.expr.includes("_u()")) {
      lines.push(`${w}.fill(${code.expr});`);
      continue;
    }
    lines.push(`{`);
    lines.push(`  const _u = ${className}.uniforms(seed + ${jsString(`:${n.id}`)});`);
    lines.push(`  for (let _i = 0; _i < ${size}; _i++) ${w}[_i] = ${code.expr};`);
    lines.push(`}`);
  }
  return lines;
}

/** The stream of parameter `key`: mulberry32 seeded with the FNV-1a hash of the key. */
export function uniformsHelper(ts: boolean): string[] {
  return [
    `/** mulberry32(fnv1a32(key)): uniforms in [0, 1), the interpreter's stream for \`\${seed}:\${id}\`. */`,
    `${ts ? "private " : ""}static uniforms(key${ts ? ": string" : ""})${ts ? ": () => number" : ""} {`,
    `  let h = 0x811c9dc5;`,
    `  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;`,
    `  let a = h >>> 0;`,
    `  return () => {`,
    `    a = (a + 0x6d2b79f5) >>> 0;`,
    `    let t = a;`,
    `    t = Math.imul(t ^ (t >>> 15), t | 1);`,
    `    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);`,
    `    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;`,
    `  };`,
    `}`,
  ];
}
