/**
 * Machinery of the v0.2 end-to-end tests (v02-models*.test.ts): a fixture program copied beside the
 * data files it names, `nnc check` and `nnc train` run in-process, and a float64 gradient check of the
 * whole compiled model — `compile(…, { dtype: "f64" })`'s gradient graph evaluated by the reference
 * interpreter against central differences of its forward graph, and the optimized gradient graph
 * (after the passes) against the differentiated one.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { expect } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { compile } from "@nnc/compiler/node";
import { tensorType } from "@nnc/ir";
import { initBuffers, initParams, interpret } from "@nnc/interp";
import { mulberry32, tensor, type Tensor } from "@nnc/ops";
import { dot, firstMismatch, randomTensor, rng, type Feeds } from "./gradcheck-helpers.ts";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures", "v02");

/** A fresh folder holding fixture `name` and the data files given (name → contents); the program's path. */
export function stage(name: string, data: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "nnc-v02-"));
  const path = join(dir, name);
  copyFileSync(join(FIXTURES, name), path);
  for (const [file, text] of Object.entries(data)) writeFileSync(join(dir, file), text);
  return path;
}

/** `nnc ARGS` in-process: its exit status, stdout and stderr. */
export async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

/** `nnc train FILE --json ARGS`: the training loss of each epoch, in order (and the final line's). */
export async function trainLosses(path: string, ...args: string[]): Promise<{ epochs: number[]; final: Record<string, unknown> }> {
  const r = await nnc("train", path, "--json", ...args);
  expect(r.status, `nnc train ${basename(path)}: ${r.out}${r.err}`).toBe(0);
  const lines = r.out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  const epochs = lines.filter((l) => l["final"] !== true).map((l) => l["loss"] as number);
  return { epochs, final: lines.at(-1)! };
}

/** Seeded records for a JSON data file. */
export function seededRandom(seed: number): () => number {
  return mulberry32(seed);
}

export interface GradcheckOptions {
  /** The rows of every input's batch dim. */
  readonly batch: number;
  readonly seed: number;
  /** Integer inputs: values are drawn in [0, classes[name]). */
  readonly classes?: Readonly<Record<string, number>>;
  /** Evaluate as a training step (`training` true). */
  readonly training: boolean;
  /** Elements of each parameter checked one by one. */
  readonly perParam?: number;
}

export interface GradcheckReport {
  /** The differentiated parameters, by id (e.g. `hs.Wx`). */
  readonly params: readonly string[];
  readonly loss: number;
  /** Elements compared against central differences, in all (directional check not counted). */
  readonly compared: number;
}

/** (loss(x + eps·t) − loss(x − eps·t)) / 2eps, moving every fed value named in `dirs` at once. */
function centralDiff(at: (f: Feeds) => number, feeds: Feeds, dirs: Feeds, eps = 1e-6): number {
  const moved = (s: number): Feeds => {
    const out: Feeds = { ...feeds };
    for (const [w, t] of Object.entries(dirs)) out[w] = tensor(feeds[w]!.shape, feeds[w]!.data.map((v, i) => v + s * t.data[i]!));
    return out;
  };
  return (at(moved(eps)) - at(moved(-eps))) / (2 * eps);
}

/**
 * The whole model's f64 gradient (compile's gradient graph, interpreted) against central differences
 * of its forward graph: `perParam` random elements of every parameter, then ⟨∇loss, t⟩ along one
 * random direction through all parameters at once.
 */
export function gradcheckModel(text: string, fileName: string, o: GradcheckOptions): GradcheckReport {
  const c = compile(text, { fileName, dtype: "f64", generate: "none" });
  expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([]);
  const forward = c.forward!;
  const loss = c.of!;
  const grad = c.gradient!;
  const rand = rng(o.seed);
  const feeds: Feeds = { ...initParams(forward, o.seed), ...initBuffers(forward, o.seed) };
  for (const n of forward.nodes) {
    if (n.op !== "input") continue;
    const shape = n.type.shape.map((d) => (typeof d === "number" ? d : o.batch));
    const classes = o.classes?.[n.id];
    const domain = n.type.dtype === "i32" ? "label" : "any";
    if (domain === "label") expect(classes, `classes of integer input ${n.id}`).toBeDefined();
    feeds[n.id] = randomTensor(tensorType(n.type.dtype, shape), domain, rand, classes);
  }
  const params = forward.nodes.filter((n) => n.op === "param").map((n) => n.id);
  const at = (f: Feeds): number => interpret(forward, f, { training: o.training }).get(loss)!.data[0]!;
  const values = interpret(grad.graph, feeds, { training: o.training });
  const L = values.get(loss)!.data[0]!;
  expect(Number.isFinite(L), `loss ${L}`).toBe(true);
  expect(at(feeds)).toBe(L);
  const atol = 1e-7 * Math.max(1, Math.abs(L));
  const gradOf = (p: string): Tensor => {
    const id = grad.grads[p];
    expect(id, `a gradient for ${p}`).toBeDefined();
    return values.get(id!)!;
  };
  let compared = 0;
  for (const p of params) {
    const g = gradOf(p);
    expect(g.shape).toEqual(feeds[p]!.shape);
    for (let s = 0; s < (o.perParam ?? 4); s++) {
      const k = Math.floor(rand() * g.data.length);
      const unit = tensor(g.shape);
      unit.data[k] = 1;
      const fd = centralDiff(at, feeds, { [p]: unit });
      expect(firstMismatch([g.data[k]!], [fd], 1e-6, atol), `∂loss/∂${p}[${k}] = ${g.data[k]} vs central difference ${fd}`).toBe(-1);
      compared++;
    }
  }
  const dirs: Feeds = Object.fromEntries(params.map((p) => [p, randomTensor(tensorType("f64", feeds[p]!.shape), "any", rand)]));
  const analytic = params.reduce((s, p) => s + dot(gradOf(p), dirs[p]!), 0);
  const numeric = centralDiff(at, feeds, dirs);
  expect(firstMismatch([analytic], [numeric], 1e-6, atol), `⟨∇loss, t⟩ ${analytic} vs ${numeric}`).toBe(-1);
  // The passes (what code is generated from) keep every gradient: the optimized graph computes the same numbers.
  const opt = c.optimized!;
  const optValues = interpret(opt.graph, feeds, { training: o.training });
  for (const p of params) {
    const id = opt.grads[p];
    expect(id, `an optimized gradient for ${p}`).toBeDefined();
    const a = optValues.get(id!)!.data;
    const bad = firstMismatch(a, gradOf(p).data, 1e-12, 1e-12);
    expect(bad, `optimized ∂loss/∂${p}[${bad}] = ${a[bad]} vs ${gradOf(p).data[bad]}`).toBe(-1);
  }
  return { params, loss: L, compared };
}

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}
