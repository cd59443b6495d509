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
import { loadData } from "./data-source.ts";
import { MAX_EPOCHS, MAX_SEED, parseProgramArgs, programLoader, runProgramMain, type ProgramData } from "./program-main.ts";
import { TestMlp } from "./test-mlp.ts";

const dir = mkdtempSync(join(tmpdir(), "nnc-main-"));
const info: ProgramInfo = { source: "t.nn", model: "TestMlp", dataDir: dir, train: { data: { source: "moons", args: { n: 100 } }, batch: 16, epochs: 1, seed: 7, lr: null } };
const DATA: ProgramData = { dir, known: ["moons", "csv", "file"], loaders: { "*": loadData } };

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
    const status = runProgramMain(info, (b) => new TestMlp(b), ["--batch", "1e12"], DATA);
    expect(status).toBe(1);
    // V8's own words differ by Node version: "Invalid typed array length: N" (20, 22), "Array buffer allocation failed" (24).
    expect(err).toMatch(/^error\[E0658\]: out of memory: a buffer is too large to allocate \((Invalid typed array length: \d+|Array buffer allocation failed)\)\nhelp: .*a batch of 1000000000000 examples.*lower the batch size/);
    expect(err).not.toMatch(STACK);
  });

  it("turns an exhausted call stack into E0659, exit 1", () => {
    const status = runProgramMain(info, () => ({ maxBatch: recurse(0) }) as unknown as CompiledModel, [], DATA);
    expect(status).toBe(1);
    expect(err).toMatch(/^error\[E0659\]: the input is nested too deeply to process/);
    expect(err).not.toMatch(STACK);
  });

  it("reports a genuine bug as one E0900 line, exit 70; the stack only with NNC_DEBUG=1", () => {
    const bug = (): CompiledModel => {
      throw new TypeError("this.kernels[3] is not a function\nsecond line");
    };
    expect(runProgramMain(info, bug, [], DATA)).toBe(70);
    expect(err).toBe("error[E0900]: internal error: this.kernels[3] is not a function (a bug in nnc; set NNC_DEBUG=1 for the stack)\n");
    err = "";
    process.env["NNC_DEBUG"] = "1";
    expect(runProgramMain(info, bug, [], DATA)).toBe(70);
    expect(err).toMatch(/^error\[E0900\]: internal error: this\.kernels\[3\] is not a function .*\nTypeError: this\.kernels\[3\] is not a function\nsecond line\n\s+at /);
  });

  it("bounds --epochs to 1…1000000 and --seed to 0…2^32−1 (E0622, exit 2)", () => {
    expect(runProgramMain(info, (b) => new TestMlp(b), ["--epochs", "1e20"], DATA)).toBe(2);
    expect(err).toBe("error[E0622]: option --epochs must be at most 1000000, got `1e20`\n");
    err = "";
    expect(runProgramMain(info, (b) => new TestMlp(b), ["--seed=4294967296"], DATA)).toBe(2);
    expect(err).toBe("error[E0622]: option --seed must be at most 4294967295, got `4294967296`\n");
    const ok = parseProgramArgs(["--epochs", String(MAX_EPOCHS), "--seed", String(MAX_SEED)]);
    expect(ok).toMatchObject({ epochs: 1_000_000, seed: 4_294_967_295 });
  });
});

describe("programLoader: a program contains only the loaders its train section uses", () => {
  const moonsOnly: ProgramData = { dir, known: ["mnist", "moons", "csv", "file"], loaders: { moons: (spec) => loadData(spec, dir) } };
  const load = programLoader(moonsOnly);

  it("loads a source compiled in", () => {
    expect(load({ source: "moons", args: { n: 50 } }, dir).train.size).toBe(40);
  });

  it("says which support a source needs when it was compiled without it, and how to get it", () => {
    expect(() => load({ source: "csv", args: { path: "x.csv" } }, dir)).toThrow(
      expect.objectContaining({ code: "E0621", message: "this program was compiled without csv support (it reads moons)", help: expect.stringMatching(/^recompile it from a \.nn file whose train section uses `data = csv\(…\)`/) as unknown }) as unknown,
    );
    expect(() => load({ source: "file", args: { path: "x.csv" } }, dir)).toThrow(/compiled without file support/);
  });

  it("keeps the unknown-source message for a name nnc does not know", () => {
    expect(() => load({ source: "nope", args: {} }, dir)).toThrow(expect.objectContaining({ code: "E0621", message: "unknown data source `nope`" }) as unknown);
  });

  it("resolves the train section's relative dataDir against the program's folder (exit 1 names the file there)", () => {
    const rel: ProgramInfo = { ...info, dataDir: "sub/dir", train: { ...info.train!, data: { source: "csv", args: { path: "d.csv" } } } };
    expect(runProgramMain(rel, (b) => new TestMlp(b), [], DATA)).toBe(1);
    expect(err).toContain(join(dir, "sub/dir", "d.csv"));
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
    jsonReporter((t) => (out += t), () => undefined).epochEnd({ epoch: 3, loss: Number.NaN, val_loss: Infinity, metrics: { accuracy: 0.5 }, val_metrics: null }, 1, 1);
    expect(out).toBe('{"epoch":3,"loss":"NaN","accuracy":0.5,"val_loss":"Infinity","val_accuracy":null}\n');
  });
});
