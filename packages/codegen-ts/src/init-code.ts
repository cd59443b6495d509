/**
 * initParams in generated code, the same numbers as the interpreter's initParams: parameter `id`
 * draws from mulberry32(fnv1a32(`${seed}:${id}`)); normals by Box-Muller (u₁ = 1 − uniform()),
 * fans from the concrete shape (rank 4: C·KH·KW and O·KH·KW; rank ≥ 2: the last two dims; else the
 * element count). Every expression is written in the interpreter's order so f64 results agree
 * bit for bit.
 */
import { InternalCompilerError } from "@nnc/diagnostics";
import type { Graph, Node, ParamInit } from "@nnc/ir";
import { jsString, numLit, type NameTable } from "./names.ts";

function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 4) {
    const [o, c, kh, kw] = shape as [number, number, number, number];
    return { fanIn: c * kh * kw, fanOut: o * kh * kw };
  }
  if (shape.length >= 2) return { fanIn: shape[shape.length - 2]!, fanOut: shape[shape.length - 1]! };
  const n = shape.reduce((a, b) => a * b, 1);
  return { fanIn: n, fanOut: n };
}

const NORMAL = "Math.sqrt(-2 * Math.log(1 - _u())) * Math.cos(2 * Math.PI * _u())";

/** The element expression of one initializer (`u()` draws a uniform). */
function element(init: ParamInit, shape: readonly number[]): string {
  const { fanIn, fanOut } = fans(shape);
  switch (init.kind) {
    case "zeros":
      return "0";
    case "ones":
      return "1";
    case "constant":
      return numLit(init.value);
    case "normal":
      return `${numLit(init.mean)} + ${numLit(init.std)} * (${NORMAL})`;
    case "uniform":
      return `${numLit(init.low)} + (${numLit(init.high)} - ${numLit(init.low)}) * _u()`;
    case "glorot_uniform":
      return `(2 * _u() - 1) * Math.sqrt(6 / (${fanIn} + ${fanOut}))`;
    case "glorot_normal":
      return `Math.sqrt(2 / (${fanIn} + ${fanOut})) * (${NORMAL})`;
    case "he_uniform":
      return `(2 * _u() - 1) * Math.sqrt(6 / ${fanIn})`;
    case "he_normal":
      return `Math.sqrt(2 / ${fanIn}) * (${NORMAL})`;
    case "values":
      throw new InternalCompilerError("codegen: values() initializers are written as literals");
  }
}

function concreteShape(n: Node): number[] {
  return n.type.shape.map((d) => {
    if (typeof d !== "number") throw new InternalCompilerError(`codegen: param ${n.id} has a symbolic dim`, n.span);
    return d;
  });
}

/** Statements of initParams(seed) for every param of `g` (`W1` is the local bound to W1's array). */
export function initStatements(g: Graph, params: readonly Node[], names: NameTable, className: string): string[] {
  const lines: string[] = [];
  for (const n of params) {
    const shape = concreteShape(n);
    const size = shape.reduce((a, b) => a * b, 1);
    const init = (Object.hasOwn(g.inits, n.id) ? g.inits[n.id] : undefined) ?? (shape.length >= 2 ? { kind: "glorot_uniform" as const } : { kind: "zeros" as const });
    const w = names.get(n.id);
    if (init.kind === "values") {
      if (init.values.length !== size) throw new InternalCompilerError(`values(): ${init.values.length} values for param ${n.id} of ${size} elements`, n.span);
      lines.push(`${w}.set([${init.values.map(numLit).join(", ")}]);`);
      continue;
    }
    lines.push(`{`);
    lines.push(`  const _u = ${className}.uniforms(seed + ${jsString(`:${n.id}`)});`);
    lines.push(`  for (let _i = 0; _i < ${size}; _i++) ${w}[_i] = ${element(init, shape)};`);
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
