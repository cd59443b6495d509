/**
 * `nnc graph`: formats and where they go, the golden DOT of two examples (read by a person: matvec's
 * b = W·a, and the MLP's backward graph rule by rule), the docs' pictures, hostile file names, and
 * errors with their exit statuses (the --of/--wrt problems exactly as `nnc grad` reports them).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT } from "./command-module.ts";
import { recordingIo } from "./io.ts";
import { tempDir } from "./temp-dir-support.ts";

const ROOT = resolve(import.meta.dirname, "../../..");
const MATVEC = join(ROOT, "examples/matvec.nn");
const MLP = join(ROOT, "examples/mnist-mlp.nn");
const GOLDEN = join(import.meta.dirname, "commands/graph-golden");

async function nnc(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = recordingIo();
  const code = await runCli(argv, io);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

/** A folder removed when the test that asked for it finishes. */
const scratch = (): string => tempDir("nnc-graph-", onTestFinished);

describe("nnc graph: goldens and the docs' pictures", () => {
  it("prints matvec's forward graph and the MLP's backward graph as the golden DOT files", async () => {
    const fwd = await nnc("graph", MATVEC, "--format", "dot");
    expect(fwd).toMatchObject({ code: EXIT.ok, err: "" });
    expect(fwd.out).toBe(readFileSync(join(GOLDEN, "matvec.dot"), "utf8"));
    const bwd = await nnc("graph", MLP, "--grad", "--format", "dot");
    expect(bwd.code).toBe(EXIT.ok);
    expect(bwd.out).toBe(readFileSync(join(GOLDEN, "mnist-mlp-grad.dot"), "utf8"));
  });

  it("draws docs/images/graph-{forward,backward}.svg exactly as they are committed", async () => {
    const fwd = await nnc("graph", MLP);
    const bwd = await nnc("graph", MLP, "--grad");
    expect(fwd.code + bwd.code).toBe(0);
    expect(fwd.out).toBe(readFileSync(join(ROOT, "docs/images/graph-forward.svg"), "utf8"));
    expect(bwd.out).toBe(readFileSync(join(ROOT, "docs/images/graph-backward.svg"), "utf8"));
  });
});

describe("nnc graph: formats and outputs", () => {
  it("writes SVG to stdout by default and with -o -", async () => {
    for (const extra of [[], ["-o", "-"]]) {
      const r = await nnc("graph", MATVEC, ...extra);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out.startsWith(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"`)).toBe(true);
      expect((r.out.match(/<g class="box /g) ?? []).length).toBe(3);
    }
  });

  it("takes the format from -o's extension unless --format says otherwise, and writes the file", async () => {
    const dir = scratch();
    const gv = join(dir, "m.gv");
    const r = await nnc("graph", MATVEC, "-o", gv);
    expect(r).toMatchObject({ code: EXIT.ok, out: "", err: `wrote ${gv}\n` });
    expect(readFileSync(gv, "utf8")).toBe(readFileSync(join(GOLDEN, "matvec.dot"), "utf8"));
    const svgAsDot = join(dir, "m.dot");
    expect((await nnc("graph", MATVEC, "-o", svgAsDot, "--format", "svg")).code).toBe(EXIT.ok);
    expect(readFileSync(svgAsDot, "utf8")).toContain("<svg ");
    const upper = join(dir, "M.SVG");
    expect((await nnc("graph", MATVEC, "-o", upper)).code).toBe(EXIT.ok);
    expect(readFileSync(upper, "utf8")).toContain("<svg ");
  });

  it("draws the gradients --of/--wrt name (which imply --grad)", async () => {
    const r = await nnc("graph", MATVEC, "--of", "b", "--wrt", "W,a", "--format", "dot");
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain(`label="backward graph of MatVec (matvec.nn): db w.r.t. W, a"`);
    expect(r.out).toContain(`"b:matmul.vjp.0@b" [label="dW\\nmatmul.vjp.0 f32[3, 3]"`);
    expect(r.out).toContain(`"b:matmul.vjp.1@b" [label="da\\nmatmul.vjp.1 f32[3]"`);
  });
});

describe("nnc graph: hostile file names", () => {
  it("escapes a file name with markup, quotes, a backslash and a line break in the SVG title and the DOT label", async () => {
    const path = join(scratch(), `x"<b>&'\\\n}.nn`);
    writeFileSync(path, readFileSync(MATVEC));
    const svg = await nnc("graph", path);
    expect(svg.code).toBe(EXIT.ok);
    expect(svg.out).toContain(`<title>forward graph of MatVec (x&quot;&lt;b&gt;&amp;&apos;\\\n}.nn)</title>`);
    const dot = await nnc("graph", path, "--format", "dot");
    expect(dot.out).toContain(`label="forward graph of MatVec (x\\"<b>&'\\\\\\n}.nn)", labelloc=t];`);
  });
});

describe("nnc graph: errors", () => {
  it("rejects an unknown --format or an -o extension naming no format with exit 2 (E0611 at the option)", async () => {
    const f = await nnc("graph", MATVEC, "--format", "png");
    expect(f.code).toBe(EXIT.usage);
    expect(f.err).toContain("error[E0611]: --format must be dot or svg, not `png`");
    const o = await nnc("graph", MATVEC, "-o", join(scratch(), "g.png"));
    expect(o.code).toBe(EXIT.usage);
    expect(o.err).toContain("error[E0611]: cannot tell the picture's format from");
    expect(o.err).toContain("add --format dot or --format svg");
  });

  it("reports --of and --wrt problems exactly as nnc grad does", async () => {
    for (const args of [["--of", "nope"], ["--wrt", "W,zz"]]) {
      const graph = await nnc("graph", MATVEC, ...args);
      const grad = await nnc("grad", MATVEC, ...args);
      expect(graph.code).toBe(EXIT.usage);
      expect(grad.code).toBe(EXIT.usage);
      expect(graph.err).toBe(grad.err);
      expect(graph.err).toMatch(/^error\[E06\d\d\]/);
    }
  });

  it("exits 1 for a program with errors or an output it cannot write, 2 for a missing file", async () => {
    const bad = join(scratch(), "bad.nn");
    writeFileSync(bad, "model M(x: f32[3]) -> (y: f32[3]) {\n  y = nope(x)\n}\n");
    const r = await nnc("graph", bad);
    expect(r).toMatchObject({ code: EXIT.programErrors, out: "" });
    expect(r.err).toContain("bad.nn:2:");
    const unwritable = await nnc("graph", MATVEC, "-o", join(scratch(), "no-such-folder", "g.svg"));
    expect(unwritable.code).toBe(EXIT.programErrors);
    expect(unwritable.err).toContain("error[E0642]");
    const missing = await nnc("graph", join(scratch(), "missing.nn"));
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toMatch(/error\[E\d{4}\]/);
  });
});
