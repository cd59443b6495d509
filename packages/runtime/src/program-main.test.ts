import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { engineLimitError } from "./error-boundary.ts";
import { jsonText } from "./json-text.ts";
import { jsonReporter } from "./progress.ts";
import type { ProgramInfo } from "./program-info.ts";
import { MAX_EPOCHS, MAX_SEED, parseProgramArgs, runProgramMain } from "./program-main.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-main-"));
const info: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: dir, train: { data: { source: "moons", args: { n: 100 } }, batch: 16, epochs: 1, seed: 7, lr: null } };

let err = "";
beforeEach(() => {
  err = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env["NNC_DEBUG"];
});

const STACK = /\n\s+at /;

function recurse(n: number): number {
  return recurse(n + 1) + 1;
}

describe("runProgramMain: every failure is one coded error, never a raw stack", () => {
  it("turns a batch too large to allocate into E0658 naming the batch size, exit 1", () => {
    const status = runProgramMain(info, (b) => new TestMlp(b), ["--batch", "1e12"]);
    expect(status).toBe(1);
    expect(err).toMatch(/^error\[E0658\]: out of memory: a buffer is too large to allocate \(Invalid typed array length: \d+\)\nhelp: .*a batch of 1000000000000 examples.*lower the batch size/);
    expect(err).not.toMatch(STACK);
  });

  it("turns an exhausted call stack into E0659, exit 1", () => {
    const status = runProgramMain(info, () => ({ maxBatch: recurse(0) }) as unknown as CompiledModel, []);
    expect(status).toBe(1);
    expect(err).toMatch(/^error\[E0659\]: the input is nested too deeply to process/);
    expect(err).not.toMatch(STACK);
  });

  it("reports a genuine bug as one E0900 line, exit 70; the stack only with NNC_DEBUG=1", () => {
    const bug = (): CompiledModel => {
      throw new TypeError("this.kernels[3] is not a function\nsecond line");
    };
    expect(runProgramMain(info, bug, [])).toBe(70);
    expect(err).toBe("error[E0900]: internal error: this.kernels[3] is not a function (a bug in nnc; set NNC_DEBUG=1 for the stack)\n");
    err = "";
    process.env["NNC_DEBUG"] = "1";
    expect(runProgramMain(info, bug, [])).toBe(70);
    expect(err).toMatch(/^error\[E0900\]: internal error: this\.kernels\[3\] is not a function .*\nTypeError: this\.kernels\[3\] is not a function\nsecond line\n\s+at /);
  });

  it("bounds --epochs to 1…1000000 and --seed to 0…2^32−1 (E0622, exit 2)", () => {
    expect(runProgramMain(info, (b) => new TestMlp(b), ["--epochs", "1e20"])).toBe(2);
    expect(err).toBe("error[E0622]: option --epochs must be at most 1000000, got `1e20`\n");
    err = "";
    expect(runProgramMain(info, (b) => new TestMlp(b), ["--seed=4294967296"])).toBe(2);
    expect(err).toBe("error[E0622]: option --seed must be at most 4294967295, got `4294967296`\n");
    const ok = parseProgramArgs(["--epochs", String(MAX_EPOCHS), "--seed", String(MAX_SEED)]);
    expect(ok).toMatchObject({ epochs: 1_000_000, seed: 4_294_967_295 });
  });
});

describe("engineLimitError", () => {
  it("classifies only the engine's size and depth limits", () => {
    expect(engineLimitError(new RangeError("Array buffer allocation failed"), null)?.code).toBe("E0658");
    expect(engineLimitError(Object.assign(new Error("Cannot create a string longer than 0x1fffffe8 characters"), { code: "ERR_STRING_TOO_LONG" }), 8)?.code).toBe("E0658");
    expect(engineLimitError(new RangeError("Maximum call stack size exceeded"), null)?.code).toBe("E0659");
    expect(engineLimitError(new RangeError("toFixed() digits argument must be between 0 and 100"), null)).toBeUndefined();
    expect(engineLimitError(new TypeError("x is not a function"), null)).toBeUndefined();
    expect(engineLimitError(new DataError("E0620", "gone"), null)).toBeUndefined();
  });
});

describe("jsonText", () => {
  it("writes NaN and the infinities as strings, keeping real nulls", () => {
    expect(jsonText({ loss: Number.NaN, a: [Infinity, -Infinity, 1.5], v: null })).toBe('{"loss":"NaN","a":["Infinity","-Infinity",1.5],"v":null}');
    expect(jsonText({ loss: 0.25, v: [1, 2] })).toBe('{"loss":0.25,"v":[1,2]}');
  });

  it("is what train --json prints per epoch", () => {
    let out = "";
    jsonReporter((t) => (out += t), () => undefined).epochEnd({ epoch: 3, loss: Number.NaN, accuracy: null, val_loss: Infinity, val_accuracy: null }, 1, 1);
    expect(out).toBe('{"epoch":3,"loss":"NaN","accuracy":null,"val_loss":"Infinity","val_accuracy":null}\n');
  });
});
