/**
 * `nnc check` validates `data = …` against lower's data-source table; the runtime reads the arguments
 * with its own ArgReader. These tests hold the two together: the same source names, the same argument
 * names and positions, and for every argument and sample value, check accepts it exactly when the
 * runtime's reader does. A source or an argument changed on one side only fails here.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasErrors } from "@nnc/diagnostics";
import { checkSource } from "@nnc/compiler";
import { DATA_SOURCE_SIGS, dataSourceSig, type DataSourceSig } from "@nnc/lower";
import { dataFieldsOf } from "@nnc/ops";
import { DATA_SOURCES, DataError, loadData, type DataSourceSpec } from "@nnc/runtime";

const dir = mkdtempSync(join(tmpdir(), "nnc-data-sources-"));
const callable = DATA_SOURCE_SIGS.filter((s) => s.hidden !== true);
// Text sources read a small file here: chars() this one, names() a stand-in for the corpus (fast, and
// it checks the lower-casing and de-duplication of "Name,Sex,Count" lines).
writeFileSync(join(dir, "lines.txt"), "ab\nba\nabc\nb\n");
writeFileSync(join(dir, "yob.txt"), "Emma,F,10\nOlivia,F,9\nEMMA,M,3\nLiam,M,8\n");
const savedNamesFile = process.env["NNC_NAMES_FILE"];
process.env["NNC_NAMES_FILE"] = join(dir, "yob.txt");
// The files of a vitest worker share one process (isolate: false): the variable goes back as it was.
afterAll(() => {
  if (savedNamesFile === undefined) delete process.env["NNC_NAMES_FILE"];
  else process.env["NNC_NAMES_FILE"] = savedNamesFile;
  rmSync(dir, { recursive: true, force: true });
});

/** The runtime's DataError for a spec, or undefined when it loads (or fails only on the missing file). */
function runtimeError(spec: DataSourceSpec): DataError | undefined {
  try {
    loadData(spec, dir);
    return undefined;
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return e.code === "E0620" ? undefined : e;
  }
}

/** Arguments that get past "needs a file": a missing file is read only after every argument is checked. */
function base(sig: DataSourceSig): Record<string, string> {
  if (sig.oneOf !== undefined) return { [sig.oneOf[0]!]: "missing.bin" };
  return sig.args.some((a) => a.required === true) ? { path: "missing.csv" } : {};
}

function literal(v: number | string): string {
  return typeof v === "number" ? String(v) : `"${v.replace(/["\\]/g, "\\$&")}"`;
}

/** True when `nnc check` accepts `data = source(args)`. */
function checkAccepts(source: string, args: Readonly<Record<string, number | string>>): boolean {
  const call = `${source}(${Object.entries(args).map(([k, v]) => `${k} = ${literal(v)}`).join(", ")})`;
  // Text sources' x has `context` positions: a symbolic T fits any (check compares concrete shapes only).
  const input = dataSourceSig(source)?.fieldsFor === undefined ? "f32[B, 2]" : "f32[B, T]";
  const text = `dim B\ndim T\nmodel M(x: ${input}) -> (y: ${input}) {\n  y = x\n}\ntrain M {\n  loss = mean(y)\n  optimizer = adam()\n  data = ${call}\n}\n`;
  return !hasErrors(checkSource("drift.nn", text).diagnostics);
}

describe("the data-source table agrees with the runtime", () => {
  it("names the same sources", () => {
    expect(DATA_SOURCE_SIGS.map((s) => s.name).sort()).toEqual([...DATA_SOURCES].sort());
  });

  for (const sig of DATA_SOURCE_SIGS.filter((s) => s.fields !== undefined)) {
    it(`${sig.name}: the built-in set has the fields and classes check assumes`, () => {
      const split = loadData({ source: sig.name, args: sig.name === "mnist" ? {} : { n: 60 } }, dir);
      for (const part of [split.train, split.validation]) {
        expect(part?.fields.map((f) => [f.name, [...f.shape]])).toEqual(sig.fields!.map((f) => [f.name, [...f.shape]]));
      }
      const labels = [split.train, split.validation].flatMap((p) => Array.from(p?.fields.find((f) => f.name === "label")?.data ?? []));
      expect(new Set(labels).size).toBe(sig.classes);
      expect(Math.max(...labels)).toBe(sig.classes! - 1);
    });
  }

  for (const sig of DATA_SOURCE_SIGS.filter((s) => s.fieldsFor !== undefined)) {
    it(`${sig.name}: the fields check assumes for a context, with the shapes the runtime makes`, () => {
      for (const context of [3, 16]) {
        const args: Record<string, number | string> = sig.positional.includes("path") ? { "0": "lines.txt", context, val: 0.25 } : { context, val: 0.25 };
        const split = loadData({ source: sig.name, args }, dir);
        const want = dataFieldsOf(sig, args)!.map((f) => [f.name, [...f.shape]]);
        expect(want).toEqual([["x", [context]], ["y", [context]], ["mask", [context]]]);
        // A validation part may be empty (its lines dropped for characters training lacks): null then.
        for (const part of [split.train, split.validation ?? split.train]) expect(part.fields.map((f) => [f.name, [...f.shape]])).toEqual(want);
      }
      if (sig.name === "names") expect(loadData({ source: "names", args: { val: 0 } }, dir).train.size).toBe(3);
    });
  }

  for (const sig of callable) {
    it(`${sig.name}: the same argument names and positional order`, () => {
      const unknown = runtimeError({ source: sig.name, args: { ...base(sig), zz_not_an_argument: 1 } });
      expect(unknown?.code).toBe("E0622");
      expect(unknown?.message).toContain("has no argument `zz_not_an_argument`");
      const listed = (unknown?.help ?? "").replace(/^its arguments are /, "").split(", ").filter((a) => a !== "");
      expect(listed.sort()).toEqual(sig.args.map((a) => a.name).sort());
      const tooMany = runtimeError({ source: sig.name, args: { ...base(sig), [String(sig.positional.length)]: "v" } });
      expect(tooMany?.message).toMatch(/positional argument/);
      for (const [i, name] of sig.positional.entries()) {
        const twice = runtimeError({ source: sig.name, args: { ...base(sig), [name]: "a", [String(i)]: "b" } });
        expect(twice?.message).toBe(`argument \`${name}\` of \`${sig.name}\` is given twice`);
      }
    });

    it(`${sig.name}: check accepts an argument value exactly when the runtime does`, () => {
      const samples: readonly (number | string)[] = [-1, 0, 0.5, 1, 1.5, 2, 3, 1e8, "", ";", "ab", '"', "x.csv"];
      for (const arg of sig.args) {
        for (const v of samples) {
          const args = { ...base(sig), [arg.name]: v };
          const e = runtimeError({ source: sig.name, args });
          const runtimeRejects = e !== undefined && e.code === "E0622" && e.message.includes(`\`${arg.name}\``);
          expect(checkAccepts(sig.name, args), `${sig.name}(${arg.name} = ${literal(v)}): runtime says ${e?.message ?? "ok"}`).toBe(!runtimeRejects);
        }
      }
    });
  }
});
