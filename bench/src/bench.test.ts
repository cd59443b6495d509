/**
 * A smoke run of the whole benchmark at tiny sizes (one repetition): every workload runs, the peers
 * start from nnc's parameters and agree with its first losses (the run throws otherwise), and the
 * report has the documented shape. No timing is asserted.
 */
import { describe, expect, it } from "vitest";
import { QUICK_CONFIG } from "./quick.ts";
import { renderTable } from "./report.ts";
import { runBench } from "./run.ts";
import { deepMlpSource } from "./sources.ts";
import { compileJs } from "./nnc.ts";
import { median } from "./stats.ts";

describe("bench", () => {
  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("the generated deep MLP compiles", () => {
    expect(compileJs("deep.nn", deepMlpSource(4, 8))).toContain("class Deep");
  });

  it("runs every workload at tiny sizes and reports them", async () => {
    const lines: string[] = [];
    const report = await runBench({ ...QUICK_CONFIG, log: (l) => lines.push(l) }, "test");
    const names = report.workloads.map((w) => w.name);
    expect(names).toEqual(["startup-version", "startup-check-mnist-mlp", "compile-mnist-mlp", "compile-mlp-3-layers", "mlp-784-128-10-b4", "cnn-conv3x3x8-pool2-dense10-b2", "char-gpt-t16-d64-b2", "matmul-8x16x12", "memory-mlp-20-steps"]);
    // The bundled CLI, the bare node and the from-source launcher all ran (each run exits 0, or the bench throws).
    for (const w of report.workloads.slice(0, 2)) expect(Object.keys(w.results).sort()).toEqual(["nnc", "nnc from source", "node -e 0"]);
    const mlp = report.workloads[4]!;
    expect(Object.keys(mlp.results).sort()).toEqual(["nnc", "tfjs-cpu", "tfjs-wasm"]);
    for (const v of Object.values(mlp.results)) expect(v).toBeGreaterThan(0);
    const cnn = report.workloads[5]!;
    expect(cnn.results["tfjs-wasm"]).toBeNull();
    expect(cnn.notes.join("\n")).toContain("Conv2DBackpropFilter");
    const gpt = report.workloads[6]!;
    expect(Object.keys(gpt.results)).toEqual(["nnc"]);
    expect(gpt.results["nnc"]).toBeGreaterThan(0);
    expect(report.targets).toHaveLength(8);
    expect(report.targets.slice(6).map((t) => t.what)).toEqual(["start-up: bundled nnc --version (s)", "start-up: bundled nnc check mnist-mlp.nn (s)"]);
    expect(renderTable(report)).toContain("| mlp-784-128-10-b4 | samples/s |");
  }, 300_000);
});
