/**
 * A smoke run of the whole benchmark at tiny sizes (one repetition): every workload runs, the peers
 * start from nnc's parameters and agree with its first losses (the run throws otherwise), and the
 * report has the documented shape. No timing is asserted. The PyTorch peers are checked on their own
 * (the smoke run leaves them out: importing torch costs seconds).
 */
import { describe, expect, it } from "vitest";
import { engineHasRelaxedSimd } from "@nnc/runtime";
import { makeBatches } from "./data.ts";
import { QUICK_CONFIG } from "./quick.ts";
import { bestTorch, ratios, renderTable } from "./report.ts";
import { runBench } from "./run.ts";
import { MLP_LR, deepMlpSource, mlpSgdSource } from "./sources.ts";
import { compileJs, loadProgram } from "./nnc.ts";
import { interleave, median, spreadNote, summarize } from "./stats.ts";
import { closeTorchPeers, startTorchPeers } from "./torch.ts";
import { trainingWorkload, type TrainingSpec } from "./training.ts";
import type { WorkloadResult } from "./workload.ts";

describe("bench", () => {
  it("median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("rests after a peer in another process before the next contender's repetition, in every round", async () => {
    const events: [string, number][] = [];
    const peer = { key: "peer", timed: (n: number) => { events.push(["peer", performance.now()]); return Promise.resolve(n / 1000); } };
    const local = { key: "local", run: () => { events.push(["local", performance.now()]); } };
    const rates = await interleave([local, peer], { reps: 2, iters: () => 10, workPerIter: 1, settleSeconds: 0.05 });
    expect(events.map(([k]) => k)).toEqual(["local", "peer", "local", "peer"]);
    // The local contender's second repetition starts at least the rest after the peer's first.
    expect(events[2]![1] - events[1]![1]).toBeGreaterThanOrEqual(45);
    expect(rates.get("peer")).toBe(1000);
  });

  it("the generated deep MLP compiles", () => {
    expect(compileJs("deep.nn", deepMlpSource(4, 8))).toContain("class Deep");
  });

  it("summarizes repetitions in the reported unit: a cost's lowest repetition is its fastest", () => {
    const rates = new Map([
      ["nnc", [100, 50, 200]],
      ["torch-1t", [80]],
    ]);
    const { medians, spread } = summarize(rates, (v) => 1000 / v);
    expect(medians).toEqual({ nnc: 10, "torch-1t": 12.5 });
    expect(spread).toEqual({ nnc: [5, 20], "torch-1t": [12.5, 12.5] });
    expect(spreadNote(spread, "ms/step")).toBe("repetitions, lowest–highest: nnc 5.00–20.0, torch-1t 12.5–12.5 ms/step");
    expect(spreadNote({ nnc: [106454.2, 121000] }, "samples/s")).toBe("repetitions, lowest–highest: nnc 106,454–121,000 samples/s");
  });

  it("compares with PyTorch's best thread count: the faster rate, or the smaller cost", () => {
    const rate: WorkloadResult = { name: "r", unit: "samples/s", higherIsBetter: true, results: { nnc: 60, "torch-1t": 50, torch: 40 }, notes: [] };
    expect(bestTorch(rate)).toBe(50);
    expect(ratios(rate)).toEqual({ "torch-1t": 1.2, torch: 1.2 });
    const cost: WorkloadResult = { name: "c", unit: "ms/step", higherIsBetter: false, results: { nnc: 10, "torch-1t": 30, torch: 20 }, notes: [] };
    expect(ratios(cost)).toEqual({ "torch-1t": 3, torch: 2 });
    expect(ratios({ ...cost, results: { nnc: 10, "torch-1t": null, torch: null } })).toEqual({ "torch-1t": null, torch: null });
  });

  // 18 s on an idle machine, 103 s at load 12; CI runs every package's tests at once on two cores.
  it("runs every workload at tiny sizes and reports them", async () => {
    const lines: string[] = [];
    const report = await runBench({ ...QUICK_CONFIG, log: (l) => lines.push(l) }, "test");
    const names = report.workloads.map((w) => w.name);
    expect(names).toEqual([
      "startup-version",
      "startup-check-mnist-mlp",
      "compile-mnist-mlp",
      "compile-mlp-3-layers",
      "mlp-784-128-10-b4",
      "cnn-conv3x3x8-pool2-dense10-b2",
      "char-gpt-t16-d64-b2",
      "lstm-names-t16-h128-b2",
      "infer-mlp-b1",
      "infer-cnn-b1",
      "matmul-8x16x12",
      "memory-mlp-20-steps",
    ]);
    // The bundled CLI, the bare node and the from-source launcher all ran (each run exits 0, or the bench throws).
    for (const w of report.workloads.slice(0, 2)) expect(Object.keys(w.results).sort()).toEqual(["nnc", "nnc from source", "node -e 0"]);
    const byName = (n: string): WorkloadResult => report.workloads.find((w) => w.name === n)!;
    const mlp = byName("mlp-784-128-10-b4");
    expect(Object.keys(mlp.results).sort()).toEqual(["nnc", "nnc-1t", "tfjs-cpu", "tfjs-wasm", "torch", "torch-1t"]);
    for (const k of ["nnc", "nnc-1t", "tfjs-cpu", "tfjs-wasm"]) expect(mlp.results[k]).toBeGreaterThan(0);
    // nnc compiled with --threads 1 trains the same model: its first losses are checked like a peer's.
    expect(mlp.notes.join("\n")).toMatch(/nnc-1t: first 3 losses agree with nnc's/);
    // PyTorch is left out of the quick run: its columns are there, empty, with the reason.
    expect(mlp.results["torch"]).toBeNull();
    expect(mlp.notes.join("\n")).toContain("torch: unavailable (not run");
    expect(report.torch.available).toBe(false);
    const cnn = byName("cnn-conv3x3x8-pool2-dense10-b2");
    expect(cnn.results["tfjs-wasm"]).toBeNull();
    expect(cnn.notes.join("\n")).toContain("Conv2DBackpropFilter");
    const gpt = byName("char-gpt-t16-d64-b2");
    const lstm = byName("lstm-names-t16-h128-b2");
    expect(Object.keys(gpt.results)).toEqual(["nnc", "nnc-1t", "tfjs-wasm", "torch-1t", "torch"]);
    expect(gpt.notes.join("\n")).toMatch(/tfjs-wasm: first 3 losses agree with nnc's/);
    expect(Object.keys(lstm.results)).toEqual(["nnc", "nnc-1t", "torch-1t", "torch"]);
    for (const w of [gpt, lstm]) {
      expect(w.unit).toBe("ms/step");
      expect(w.results["nnc"]).toBeGreaterThan(0);
    }
    // Each interleaved workload records its repetitions' range around the median (one repetition here: a point).
    for (const w of [mlp, gpt, byName("infer-mlp-b1"), byName("matmul-8x16x12")]) {
      const [lo, hi] = w.spread!["nnc"]!;
      expect(lo).toBeLessThanOrEqual(w.results["nnc"]!);
      expect(hi).toBeGreaterThanOrEqual(w.results["nnc"]!);
      expect(w.notes.join("\n")).toMatch(new RegExp(`repetitions, lowest–highest: nnc \\S+–\\S+.* ${w.unit.replace("/", "\\/")}`));
    }
    for (const n of ["infer-mlp-b1", "infer-cnn-b1"]) {
      const w = byName(n);
      expect(w.unit).toBe("µs/sample");
      for (const k of ["nnc", "tfjs-cpu", "tfjs-wasm"]) expect(w.results[k]).toBeGreaterThan(0);
      expect(w.notes.join("\n")).toMatch(/tfjs-wasm: logits agree with nnc's/);
    }
    expect(report.targets).toHaveLength(13);
    expect(report.targets.slice(6, 8).map((t) => t.what)).toEqual(["start-up: bundled nnc --version (s)", "start-up: bundled nnc check mnist-mlp.nn (s)"]);
    expect(report.targets.slice(8).map((t) => t.what)).toEqual([
      "MLP: nnc / torch (PyTorch's best thread count)",
      "CNN: nnc / torch (PyTorch's best thread count)",
      "char transformer step: nnc / torch (PyTorch's best thread count)",
      "char transformer step: nnc / tfjs-wasm",
      "matmul-8x16x12: nnc GFLOP/s",
    ]);
    // Without PyTorch its targets have no value and are not met.
    expect(report.targets[8]).toMatchObject({ value: null, met: false });
    expect(renderTable(report)).toContain("| mlp-784-128-10-b4 | samples/s |");
    expect(renderTable(report)).toContain("PyTorch unavailable: not run");
    // Whether the classes took relaxed SIMD is the runtime's: this process's engine compiles it or not (Node 20: not without the flag).
    const engineHasRelaxed = engineHasRelaxedSimd();
    expect(report.relaxedSimd).toBe(engineHasRelaxed);
    expect(renderTable(report)).toContain(engineHasRelaxed ? "nnc's matmuls and convolutions: relaxed SIMD" : "nnc's matmuls and convolutions: f32x4.mul + add (this runtime has no relaxed SIMD");
    // main.ts offers relaxed SIMD before the run (the smoke test does not: this worker's engine is shared); the first line says how the engine came to have it.
    expect(report.relaxedSimdEngine).toBe("not offered");
    expect(renderTable({ ...report, relaxedSimd: true, relaxedSimdEngine: "enabled" })).toContain("relaxed SIMD (f32x4.relaxed_madd; V8's --experimental-wasm-relaxed-simd set by the bench, as nnc train sets it)");
    expect(renderTable({ ...report, relaxedSimd: false, relaxedSimdEngine: "declined" })).toContain("f32x4.mul + add (NNC_RELAXED_SIMD=0)");
  }, 600_000);

  it("a Python that does not exist makes PyTorch unavailable, with the reason", async () => {
    const t = await startTorchPeers("/nonexistent/python3");
    expect(t.peers).toEqual([]);
    expect(t.unavailable).toContain("/nonexistent/python3 does not exist");
  });

  it("the PyTorch peers (1 thread, all threads) train the MLP from nnc's parameters, or are recorded unavailable", async () => {
    const program = await loadProgram("mnist-mlp.nn", mlpSgdSource());
    const batches = makeBatches(2, 4, 7);
    const cfg = { ...QUICK_CONFIG, tfBackends: [], log: () => undefined };
    const spec = (lr: number): TrainingSpec => ({ name: "mlp-b4", batch: 4, createModel: program.createModel, batches, torch: { kind: "mlp-train", hyper: { lr } } });
    const torch = await startTorchPeers();
    try {
      const w = await trainingWorkload(spec(MLP_LR), cfg, torch);
      if (torch.unavailable === null) {
        expect(torch.info?.torch).toMatch(/^\d+\.\d+/);
        expect(torch.info?.blasInfo).not.toBe("");
        expect(w.results["torch-1t"]).toBeGreaterThan(0);
        expect(w.results["torch"]).toBeGreaterThan(0);
        expect(w.notes.filter((n) => /^torch(-1t)?: first 3 losses agree with nnc's/.test(n))).toHaveLength(2);
        // A peer that trains another model (here: another learning rate) is caught by the loss check.
        await expect(trainingWorkload(spec(10 * MLP_LR), cfg, torch)).rejects.toThrow(/torch-1t and nnc disagree on the first losses/);
      } else {
        expect(torch.unavailable).toMatch(/import torch|does not exist/);
        expect(w.results["torch"]).toBeNull();
        expect(w.notes.join("\n")).toContain("torch: unavailable");
      }
    } finally {
      closeTorchPeers(torch);
    }
  }, 600_000);
});
