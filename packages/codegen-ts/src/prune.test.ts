import { describe, expect, it } from "vitest";
import { identifiersOf, phaseMethod, runAllMethod } from "./phase-methods.ts";
import { pruneDeadLocals } from "./prune.ts";

describe("pruneDeadLocals", () => {
  it("drops unread pure declarations with their comments, to a fixed point, and keeps the rest", () => {
    const body = [
      "const x = this.buf0;",
      "const unused = this.buf1;",
      "// %9: f32[B] = broadcast(%8)",
      "const t9 = rows;",
      "// t10 is read only by t13, which nothing reads",
      "const t10 = 1 / rows;",
      "const t13 = t10 * 2;",
      "const r = this.random();",
      "const y = x[0] + 1;",
      "out[0] = y;",
    ];
    expect(pruneDeadLocals(body)).toEqual(["const x = this.buf0;", "const r = this.random();", "const y = x[0] + 1;", "out[0] = y;"]);
  });

  it("does not count a name in a comment or after a dot as a read", () => {
    expect(pruneDeadLocals(["const h = this.buf2;", "// h: f32[2] = relu(z)", "this.h = 1;"])).toEqual(["// h: f32[2] = relu(z)", "this.h = 1;"]);
  });
});

describe("phase methods", () => {
  it("prefix the parameters a body does not read with _, and chain the phases in run()", () => {
    const fwd = phaseMethod("runForward", ["if (training) a[0] = rows;"], true, "private ");
    const loss = phaseMethod("runLoss", ["// only a comment mentions check"], true, "private ");
    expect(fwd.lines[0]).toBe("private runForward(rows: number, _check: boolean, training: boolean): void {");
    expect(loss.lines[0]).toBe("private runLoss(_rows: number, _check: boolean, _training: boolean): void {");
    expect(fwd.training).toBe(true);
    expect(runAllMethod([fwd, loss], false, "")).toEqual([
      "run(rows, check, upTo) {",
      "  this.runForward(rows, check, upTo === 3 && this.training);",
      "  if (upTo === 1 || (check && this.found >= 0)) return;",
      "  this.runLoss(rows, check, upTo === 3 && this.training);",
      "}",
      "",
    ]);
    expect(runAllMethod([loss], false, "")[0]).toBe("run(rows, check, _upTo) {");
    expect([...identifiersOf(["// x y", "a.b + c"])].sort()).toEqual(["a", "c"]);
  });
});
