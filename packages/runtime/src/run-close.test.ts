/** The run loop stops a model's worker threads (CompiledModel.close) when training ends, normally or by an error. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadData } from "./data-source.ts";
import type { ProgramInfo } from "./program-info.ts";
import { runTraining, type RunOverrides } from "./run.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-run-close-"));
const info: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: dir, train: { data: { source: "moons", args: { n: 100, noise: 0.1 } }, batch: 16, epochs: 2, seed: 7, lr: null } };
const none: RunOverrides = { epochs: null, batch: null, lr: null, seed: null, data: null, save: null, resume: null, json: false };

/** A TestMlp with close(), counting its calls; `failAt` makes that trainStep throw. */
class Closable extends TestMlp {
  closed = 0;
  steps = 0;
  constructor(maxBatch: number, private readonly failAt = -1) {
    super(maxBatch);
  }
  override trainStep(rows: number): number {
    if (++this.steps === this.failAt) throw new Error("step failed");
    return super.trainStep(rows);
  }
  close(): void {
    this.closed++;
  }
}

function train(failAt: number): Closable[] {
  const made: Closable[] = [];
  const io = { out: (): void => undefined, err: (): void => undefined, isTTY: false, cwd: dir, loadData };
  try {
    runTraining(info, (b) => {
      const m = new Closable(b, failAt);
      made.push(m);
      return m;
    }, none, io);
  } catch (e) {
    expect((e as Error).message).toBe("step failed");
  }
  return made;
}

describe("the run loop and a model's worker threads", () => {
  it("closes the model once when training ends", () => {
    const [m] = train(-1);
    expect(m!.steps).toBeGreaterThan(2);
    expect(m!.closed).toBe(1);
  });

  it("closes the model when a step throws", () => {
    const [m] = train(3);
    expect(m!.steps).toBe(3);
    expect(m!.closed).toBe(1);
  });
});
