/**
 * Long phase bodies cut into chunk methods (phase-methods.ts chunkBody): cuts only between top-level
 * statements, each chunk re-declaring the aliases and scalars it reads, the chain stopping after a
 * check-mode chunk that found a non-finite value; the chunked class computes what the whole one does.
 */
import { runInThisContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { chunkBody, phaseMethod } from "./phase-methods.ts";

/** A body of `n` statements over three buffers: a scalar constant, braced loops, checks (the one of statement 17 fails). */
function body(n: number): string[] {
  const lines = ["const a = this.buf0;", "const b = this.buf1;", "const c = this.buf2;", "const s = rows * 2;"];
  for (let k = 0; k < n; k++) {
    lines.push(`// step ${k}: { an unbalanced brace in a comment`);
    if (k % 3 === 0) lines.push(`for (let _i = 0; _i < rows; _i++) {`, `  a[_i] = a[_i] + s * ${k};`, `}`);
    else if (k % 3 === 1) lines.push(`b[0] = b[0] + "}".length + a[0];`);
    else lines.push(`if (check && !(c[0] < ${k === 17 ? -1 : 1e9})) { this.found = ${k}; return; }`, `c[0] = c[0] + b[0];`);
  }
  return lines;
}

interface Runner {
  buf0: Float64Array;
  buf1: Float64Array;
  buf2: Float64Array;
  found: number;
  run(rows: number, check: boolean, training: boolean): void;
}

function runner(lines: readonly string[]): Runner {
  const make = runInThisContext(`(class R {\nconstructor() { this.buf0 = new Float64Array(4); this.buf1 = new Float64Array(1); this.buf2 = new Float64Array(1); this.found = -1; }\n${lines.join("\n")}\n})`) as new () => Runner;
  return new make();
}

describe("chunked phase methods", () => {
  it("leave a short body as one method", () => {
    expect(chunkBody(body(3))).toEqual([{ lines: body(3) }]);
    expect(phaseMethod("runForward", body(3), false, "", 1000).lines.filter((l) => l.startsWith("runForward"))).toHaveLength(1);
  });

  it("cut between top-level statements, each chunk declaring the aliases and scalars it reads", () => {
    const chunks = chunkBody(body(30), 20);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      const code = c.lines.filter((l) => !l.startsWith("//"));
      expect(code.filter((l) => l.startsWith("for (")).length).toBe(code.filter((l) => l === "}").length);
      for (const name of ["a", "b", "c"]) {
        const reads = code.some((l) => !l.startsWith("const ") && new RegExp(`\\b${name}\\[`).test(l));
        expect(c.lines.includes(`const ${name} = this.buf${"abc".indexOf(name)};`)).toBe(reads);
      }
      expect(c.lines.includes("const s = rows * 2;")).toBe(code.some((l) => l.includes(" s * ")));
    }
    // Every statement once, in order, each comment above its statement.
    const flat = chunks.flatMap((c) => c.lines).filter((l) => !/^const (a|b|c|s) = /.test(l));
    expect(flat).toEqual(body(30).slice(4));
  });

  it("compute what the whole method computes, and stop the chain at a check that fails", () => {
    for (const check of [false, true]) {
      const whole = runner(phaseMethod("run", body(30), false, "", 10_000).lines);
      const cut = runner(phaseMethod("run", body(30), false, "", 20).lines);
      expect(cut.run.toString()).toContain("runPart2(rows, check, training)");
      for (const r of [whole, cut]) r.run(4, check, false);
      expect([...cut.buf0, cut.buf1[0], cut.buf2[0], cut.found]).toEqual([...whole.buf0, whole.buf1[0], whole.buf2[0], whole.found]);
      expect(cut.found >= 0).toBe(check);
    }
  });

  it("carry only pure scalars: one that reads a buffer element, read again in a later chunk, leaves the body whole", () => {
    // u reads b[0] at the top; statements then overwrite b; the last chunk reads u.
    const impure = [...body(30).slice(0, 4), "const u = b[0] * 2 + 1;", ...body(30).slice(4), "c[0] = c[0] + u;"];
    expect(chunkBody(impure, 20)).toEqual([{ lines: impure }]);
    const whole = runner(phaseMethod("run", impure, false, "", 20).lines);
    expect(whole.run.toString()).not.toContain("runPart2");
    // Math calls, rows and earlier pure scalars are carried.
    const pure = [...body(30).slice(0, 4), "const v = Math.max(s * rows - 1, 1);", ...body(30).slice(4), "c[0] = c[0] + v;"];
    const chunks = chunkBody(pure, 20);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[chunks.length - 1]!.lines).toEqual(expect.arrayContaining(["const s = rows * 2;", "const v = Math.max(s * rows - 1, 1);"]));
    for (const rhs of ["this.k", "T.exp32(s)", "Math.random()", "`x`.length", "a.length"]) {
      const b = [...body(30).slice(0, 4), `const w = ${rhs};`, ...body(30).slice(4), "c[0] = c[0] + w;"];
      expect(chunkBody(b, 20)).toEqual([{ lines: b }]);
    }
  });

  it("leave whole a body with another top-level declaration, a template literal or unbalanced braces", () => {
    for (const extra of ["let z = 0;", "const q = `x`.length;", "if (rows) {"]) {
      const b = [...body(30), extra];
      expect(chunkBody(b, 20)).toEqual([{ lines: b }]);
    }
  });
});
