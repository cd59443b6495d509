import { totalmem } from "node:os";
import { describe, expect, it } from "vitest";
import { loadData } from "./data-source.ts";
import type { CompiledModel } from "./compiled-model.ts";
import { DataError } from "./data-error.ts";
import { checkMemoryBudget, defaultMemoryLimit, formatBytes, memoryProblem, parseMemorySize, planBytes } from "./memory-budget.ts";
import type { MemoryTensor, ProgramInfo } from "./program-info.ts";
import { parseProgramArgs } from "./program-main.ts";
import { runTraining, type RunOverrides } from "./run.ts";

/** 10^6 parameters, their gradient, and 4 KiB of activations per example. */
const PLAN: MemoryTensor[] = [
  { name: "W", role: "param", bytesPerElement: 4, elements: [1e6] },
  { name: "dW", role: "gradient", bytesPerElement: 4, elements: [1e6] },
  { name: "h", role: "activation", bytesPerElement: 4, elements: [0, 1024] },
];

describe("sizes", () => {
  it.each([
    ["512M", 512 * 2 ** 20],
    ["4G", 4 * 2 ** 30],
    ["1.5GiB", 1.5 * 2 ** 30],
    ["100k", 102400],
    ["2000000", 2e6],
    [" 2 tb ", 2 * 2 ** 40],
  ])("parseMemorySize(%j) = %d", (text, bytes) => {
    expect(parseMemorySize(text)).toBe(bytes);
  });

  it.each(["", "0", "-1G", "1e9", "G", "12x", "4 G B", "NaN"])("parseMemorySize(%j) is malformed", (text) => {
    expect(parseMemorySize(text)).toBeUndefined();
  });

  it("formats bytes with binary units and three significant digits", () => {
    expect([0, 1023, 1536, 10 * 2 ** 20, 123.4 * 2 ** 30, 2 ** 60].map(formatBytes)).toEqual(["0 B", "1023 B", "1.50 KiB", "10.0 MiB", "123 GiB", "1.00 EiB"]);
  });

  it("the default limit is half the machine's memory, at most 4 GiB", () => {
    expect(defaultMemoryLimit()).toBe(Math.min(Math.floor(totalmem() / 2), 4 * 2 ** 30));
  });
});

describe("memoryProblem", () => {
  it("is null when the plan fits", () => {
    expect(planBytes(PLAN, 10)).toBe(8e6 + 40960);
    expect(memoryProblem("M", PLAN, 10, 8e6 + 40960)).toBeNull();
  });

  it("over the limit: the total at the batch, the limit, the largest tensors first, and a hint", () => {
    const p = memoryProblem("M", PLAN, 10000, 2 ** 20);
    expect(p?.message).toBe("`M` needs 46.7 MiB at batch 10000, more than the memory limit of 1.00 MiB; the largest tensors: `h` (activation) 39.1 MiB, `W` (param) 3.81 MiB, `dW` (gradient) 3.81 MiB");
    expect(p?.help).toBe("lower the batch (--batch N), make those tensors smaller, or raise the limit (--max-memory 52M)");
  });

  it("a tensor of more than 2^32 elements, even under a huge limit", () => {
    expect(memoryProblem("M", PLAN, 2 ** 23, 2 ** 60)?.message).toBe("`M` at batch 8388608 needs the tensor `h` (activation) of 8.59e+9 elements, more than one typed array holds (2^32)");
  });
});

describe("a run checks the plan before it loads data or allocates", () => {
  const info: ProgramInfo = { source: "t.nn", model: "M", dataDir: ".", train: { data: { source: "spirals", args: {} }, batch: 32, epochs: 1, seed: 0, lr: null }, memory: PLAN };
  const none: RunOverrides = { epochs: null, batch: null, lr: null, seed: null, data: null, save: null, resume: null, json: false };
  const ignore = (): void => undefined;
  const io = { out: ignore, err: ignore, isTTY: false, cwd: ".", loadData };
  const refuse = (): CompiledModel => {
    throw new Error("createModel must not be called");
  };

  it("--batch 1e9 is E0667, not an allocation", () => {
    expect(() => {
      runTraining(info, refuse, { ...none, batch: 1e9 }, io);
    }).toThrow(DataError);
    try {
      runTraining(info, refuse, { ...none, batch: 1e9 }, io);
    } catch (e) {
      expect((e as DataError).code).toBe("E0667");
      expect((e as DataError).message).toContain("at batch 1000000000");
    }
  });

  it("--max-memory lowers the limit; a program without a plan is not checked", () => {
    expect(() => {
      checkMemoryBudget("M", PLAN, 32, 2 ** 20);
    }).toThrow(/more than the memory limit of 1\.00 MiB/);
    expect(() => {
      runTraining(info, refuse, { ...none, maxMemory: 2 ** 20 }, io);
    }).toThrow(/`M` needs 7\.75 MiB at batch 32/);
    expect(() => {
      checkMemoryBudget("M", undefined, 1e9, 1);
    }).not.toThrow();
  });

  it("generated programs take --max-memory SIZE, and refuse a malformed one (E0622)", () => {
    expect(parseProgramArgs(["--max-memory", "4G"])).toMatchObject({ maxMemory: 4 * 2 ** 30 });
    expect(parseProgramArgs(["--max-memory=512M"])).toMatchObject({ maxMemory: 512 * 2 ** 20 });
    expect(() => parseProgramArgs(["--max-memory", "lots"])).toThrow(/--max-memory needs a size such as 512M or 4G, got `lots`/);
  });
});
