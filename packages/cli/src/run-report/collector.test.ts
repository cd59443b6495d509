import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EpochMetrics, ProgramInfo } from "@nnc/runtime";
import { describe, expect, it, onTestFinished } from "vitest";
import { tempDir } from "../temp-dir-support.ts";
import { ReportCollector } from "./collector.ts";
import { bound, NearestClass } from "./nearest-class-support.ts";

const info: ProgramInfo = { source: "", model: "Nearest", dataDir: ".", train: null };
const epoch = (n: number): EpochMetrics => ({ epoch: n, loss: 1 / n, val_loss: null, metrics: { accuracy: 0.5 }, val_metrics: null });

/** A collector on a fake clock over 3 training rows (predicted 0, 1, 2; true 0, 1, 1) and no validation set. */
function collector(): { c: ReportCollector; path: string; tick: (ms: number) => void } {
  const path = join(tempDir("nnc-collector-", onTestFinished), "r.html");
  let t = 0;
  const c = new ReportCollector({ path, file: "n.nn", inputs: ["n.nn"], info, cliLr: null, resume: null, version: "9.9.9", now: () => Date.UTC(2026, 0, 2, 3, 4, 5), clock: () => t });
  c.begin({ model: new NearestClass(), train: bound([0, 1, 2], [0, 1, 1]), validation: null, spec: { source: "moons", args: {} }, batch: 2, epochs: 3, startEpoch: 0, seed: 1, lr: null });
  return { c, path, tick: (ms) => (t += ms) };
}

describe("the report collector", () => {
  it("writes a not-finished page after the first epoch, at most every 2 s after, and the finished page at the end", () => {
    const { c, path, tick } = collector();
    c.epoch(epoch(1));
    expect(readFileSync(path, "utf8")).toContain("written after epoch 1 of 3");
    tick(1999);
    c.epoch(epoch(2));
    expect(readFileSync(path, "utf8")).toContain("written after epoch 1 of 3");
    tick(1);
    c.epoch(epoch(3));
    expect(readFileSync(path, "utf8")).toContain("written after epoch 3 of 3");
    tick(500);
    c.finish({ kind: "finished" });
    const html = readFileSync(path, "utf8");
    expect(html).toContain("Finished: trained to epoch 3 of 3.");
    expect(html).toContain("Counts on the training split (3 rows; the run has no validation set), after epoch 3.");
    expect([...html.matchAll(/<td class="cell"[^>]*>(\d+)</g)].map((m) => Number(m[1]))).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 0]);
    expect(html).toContain('<th scope="row">started</th><td>2026-01-02T03:04:05.000Z</td>');
    expect(html).toContain('<th scope="row">duration</th><td>2.5 s</td>');
    expect(html).toContain('<th scope="row">nnc version</th><td>9.9.9</td>');
  });

  it("marks a run that failed after an epoch as stopped early, with the matrix of the last page written", () => {
    const { c, path } = collector();
    c.epoch(epoch(1));
    c.finish({ kind: "stopped", reason: "error E0645: the loss is nan" });
    const html = readFileSync(path, "utf8");
    expect(html).toContain("<strong>Stopped early</strong> after epoch 1 of 3: error E0645: the loss is nan");
    expect(html).toContain("after epoch 1.");
  });

  it("writes nothing when no epoch completed", () => {
    const { c, path } = collector();
    c.finish({ kind: "stopped", reason: "x" });
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });
});
