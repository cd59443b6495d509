import { describe, expect, it } from "vitest";
import { callableDataSources, DATA_SOURCE_SIGS } from "@nnc/ops";
import { dataRule, namedDataArgs, PY_DATA_SOURCES } from "./data-sources.ts";
import { scheduleFunction } from "./schedules.ts";
import { settingText } from "./settings-py.ts";

describe("the program's data-source table", () => {
  it("has a rule for every data source of DATA_SOURCE_SIGS, and nothing else", () => {
    expect(Object.keys(PY_DATA_SOURCES).sort()).toEqual(DATA_SOURCE_SIGS.map((s) => s.name).sort());
    for (const name of callableDataSources()) expect(dataRule(name, {}), name).toBeDefined();
  });

  it("names positional arguments after the signature", () => {
    expect(namedDataArgs("csv", { "0": "d.csv", label: "y" })).toEqual({ __source: "csv", path: "d.csv", label: "y" });
    expect(namedDataArgs("npy", { "0": "a.npy", "1": "b.npy" })).toEqual({ __source: "npy", x: "a.npy", label: "b.npy" });
  });

  it("writes paths from the .nn file as escaped string literals, resolved against data_dir", () => {
    const path = 'x"); import os; os.system("rm -rf /") #\n\\.csv';
    const call = dataRule("csv", { "0": path })!.call(namedDataArgs("csv", { "0": path }));
    expect(call).toBe(String.raw`load_csv(data_path("x\"); import os; os.system(\"rm -rf /\") #\x0a\\.csv", data_dir))`);
    const file = dataRule("file", { path: "a b.JSON" })!;
    expect(file.helpers).toEqual(["json"]);
    expect(file.call(namedDataArgs("file", { path: "a b.JSON" }))).toBe('load_json(data_path("a b.JSON", data_dir))');
  });

  it("writes synthetic sets with integer counts and float arguments", () => {
    expect(dataRule("spirals", {})!.call(namedDataArgs("spirals", { n: 1000, noise: 0.1, classes: 3 }))).toBe('load_synthetic("spirals", n=1000, noise=0.1, classes=3)');
  });
});

describe("the program's schedules", () => {
  it("write nnc's formulas with every argument as a literal", () => {
    const text = scheduleFunction({ kind: "cosine", args: { warmup: 100, min_lr: 0 } });
    expect(text).toContain("warmup, min_lr = 100.0, 0.0");
    expect(text).toContain("math.cos(math.pi * (t - warmup) / (total - warmup))");
    expect(scheduleFunction({ kind: "step", args: { every: 3, gamma: 0.5 } })).toContain("return base * 0.5 ** (t // 3.0)");
  });
});

describe("settingText", () => {
  it("writes positional arguments without their index, as the .nn file does", () => {
    expect(settingText({ kind: "csv", args: { "0": "d.csv", val: 0.2 } })).toBe('csv("d.csv", val = 0.2)');
  });
});
