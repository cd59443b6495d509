import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import type { ProgramInfo, ProgramModule } from "./index.ts";
import { assembleProgram, assembleProgramForms, programKindTables, programParts, programTopLevelNames, runtimeFileName, runtimeFiles, runtimeSource, runtimeSpecifier, runtimeTopLevelNames, type RuntimePart } from "./runtime-source.ts";
import { shakeRuntime } from "./runtime-shake.ts";
import { cutKindTables } from "./runtime-tables.ts";

// Inside the package so that `@types/node` resolves as it does for a program compiled in a project.
const outDir = fileURLToPath(new URL("../test-output/runtime-source/", import.meta.url));
mkdirSync(outDir, { recursive: true });

/** spawnSync blocks the worker, so vitest's timeout cannot stop a hung child: this kills it first. */
const CHILD_TIMEOUT = 240_000;

/** The hand-written TestMlp as generated code would be: no imports, no exports. */
const modelTs = readFileSync(new URL("./test-mlp.ts", import.meta.url), "utf8")
  .replace(/^import type .*\n/m, "")
  .replace(/^export /gm, "");

const info: ProgramInfo = { source: "spirals.nn", model: "TestMlp", dataDir: ".", train: { data: { source: "spirals", args: { n: 200, noise: 0.1 } }, batch: 16, epochs: 3, seed: 7, lr: null } };

/** A train section with a schedule and metrics: its program holds those table entries alone (runtime-tables.ts). */
const tablesInfo: ProgramInfo = { ...info, train: { ...info.train!, schedule: { kind: "cosine", args: {} }, metrics: [{ kind: "mae", args: {} }] } };

/** Type errors of standalone files under `tsc --strict` (plus noUncheckedIndexedAccess). */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("runtimeSource", () => {
  it("orders files dependencies first and hoists node imports once", () => {
    const files = runtimeFiles();
    expect(files.indexOf("rng.ts")).toBeLessThan(files.indexOf("dataset.ts"));
    expect(files.indexOf("compiled-model.ts")).toBeLessThan(files.indexOf("bind.ts"));
    expect(files).not.toContain("runtime-source.ts");
    const src = runtimeSource("ts");
    expect(src).not.toMatch(/from "\.\//);
    expect(src).not.toMatch(/^export /m);
    expect(src.match(/from "node:fs";/g)?.length).toBe(1);
    expect(src.startsWith("import ")).toBe(true);
    expect(src).toMatch(/^import \{ (?=[^}]*\bopenSync\b)(?=[^}]*\brenameSync\b)[^}]*\} from "node:fs";$/m);
    const names = runtimeTopLevelNames();
    expect(names).toContain("runTraining");
    expect(new Set(names).size).toBe(names.length);
    expect(runtimeFiles(["contract"])).toEqual(["compiled-model.ts", "terminal-text.ts", "data-error.ts", "data-args.ts", "settings.ts", "program-info.ts"]);
  });

  // The heaviest test of the package (a whole tsc program): it takes the default timeout, which allows
  // for a busy machine (3.7 s alone, 128 s under load once exceeded the 90 s it had here).
  it("typechecks standalone under tsc --strict, alone and as a whole program with a model", () => {
    const runtimeFile = join(outDir, "runtime.ts");
    writeFileSync(runtimeFile, runtimeSource("ts"));
    const programFile = join(outDir, "program.ts");
    writeFileSync(programFile, assembleProgram({ target: "ts", modelCode: modelTs, className: "TestMlp", info }));
    // And with kind tables cut to other entries than the defaults.
    const tablesFile = join(outDir, "kind-tables.ts");
    writeFileSync(tablesFile, assembleProgram({ target: "ts", modelCode: modelTs, className: "TestMlp", info: tablesInfo }));
    expect(typeErrors([runtimeFile, programFile, tablesFile])).toEqual([]);
  });

  it("strips types for the js target; the program trains when run and exports its model when imported", async () => {
    const js = assembleProgram({ target: "js", modelCode: ts.transpileModule(modelTs, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText, className: "TestMlp", info });
    expect(js).not.toMatch(/: number\b/);
    const file = join(outDir, "program.mjs");
    writeFileSync(file, js);
    const run = spawnSync(process.execPath, [file, "--epochs", "2", "--json"], { encoding: "utf8", timeout: CHILD_TIMEOUT });
    expect(run.stderr.split("\n")[0]).toBe("training TestMlp on spirals(n=200, noise=0.1): 160 examples, 40 for validation; batch 16, epochs 1…2, seed 7");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l["epoch"])).toEqual([1, 2, 2]);
    const bad = spawnSync(process.execPath, [file, "--data", "nope(1)"], { encoding: "utf8", timeout: CHILD_TIMEOUT });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("error[E0621]: unknown data source `nope`\nhelp: the sources are mnist, spirals, moons, circles, xor, blobs, csv, idx, npy, json, chars, names, or a file name in quotes\n");
    const mod = (await import(file)) as ProgramModule;
    expect(mod.PROGRAM).toEqual(info);
    expect(mod.createModel(4).maxBatch).toBe(4);
  });
});

describe("a program contains only the runtime it uses", () => {
  it("picks the data loaders from the train section's source (every loader when it names none), never predict", () => {
    const at = (data: ProgramInfo["train"]): RuntimePart[] => programParts({ ...info, train: data });
    expect(at(info.train)).toEqual(["contract", "training", "data", "checkpoint", "main", "synthetic"]);
    expect(at({ ...info.train!, data: { source: "mnist", args: {} } })).toContain("mnist");
    expect(at({ ...info.train!, data: { source: "file", args: { path: "d.csv" } } })).toContain("files");
    expect(at(null)).toContain("files");
    expect(runtimeFiles(at(info.train))).not.toContain("csv-data.ts");
    expect(runtimeFiles(at(info.train))).not.toContain("predict.ts");
    expect(runtimeFiles(at({ ...info.train!, data: { source: "mnist", args: {} } }))).not.toContain("synthetic.ts");
  });

  it("drops what nothing reaches from the class and glue, keeps what a kept declaration reads, and ignores parameters' names", () => {
    const chunks = [
      { file: "a.ts", text: "/** kept: the glue reads it */\nfunction used(dead: number): number {\n  return helper(dead);\n}\n\n/** gone */\nfunction dead(): number {\n  return 1;\n}" },
      { file: "b.ts", text: "const helper = (x: number): number => x + 1;\ninterface Gone { readonly g: number }\ntype Kept = number;\nconst v: Kept = 2;" },
    ];
    const out = shakeRuntime(chunks, "used(v);");
    expect(out.chunks.map((c) => c.text)).toEqual([
      "/** kept: the glue reads it */\nfunction used(dead: number): number {\n  return helper(dead);\n}",
      "const helper = (x: number): number => x + 1;\ntype Kept = number;\nconst v: Kept = 2;",
    ]);
    expect(out.names.has("Gone")).toBe(false);
    expect(shakeRuntime(chunks, "").chunks).toEqual([]);
  });

  it("drops the methods nothing calls, then what only they read", () => {
    const chunks = [{ file: "c.ts", text: "function onlyDead(): number {\n  return 3;\n}\n\nclass C {\n  live(): number {\n    return 1;\n  }\n\n  /** gone */\n  dead(): number {\n    return onlyDead();\n  }\n}" }];
    expect(shakeRuntime(chunks, "new C().live();").chunks.map((c) => c.text)).toEqual(["class C {\n  live(): number {\n    return 1;\n  }\n}"]);
    // A method named anywhere else (here an interface member) stays: something may call it through that type.
    const named = [...chunks, { file: "d.ts", text: "interface D { dead(): number }\nconst d: D = new C();" }];
    expect(shakeRuntime(named, "new C().live(); d;").chunks[0]!.text).toContain("dead(): number {");
  });

  it("cuts kind tables to the train section's kinds, typed as declared (the tsc test above checks such a program)", () => {
    const table = "type K = \"a\" | \"b\" | \"c\";\nconst T: Readonly<Record<K, (x: number) => number>> = {\n  /** a */\n  a: (x) => x,\n  /** b */\n  b: (x) => twice(x),\n  c: (x) => -x,\n};\nfunction twice(x: number): number {\n  return 2 * x;\n}";
    const cut = cutKindTables([{ file: "t.ts", text: table }], new Map([["T", new Set(["a", "c"])]]));
    expect(cut[0]!.text).toContain("const T = { // this program's kinds only (its train section's)\n  /** a */\n  a: (x) => x,\n  c: (x) => -x,\n} satisfies Partial<Readonly<Record<K, (x: number) => number>>> as unknown as Readonly<Record<K, (x: number) => number>>;");
    // twice() was b's alone: the shake drops it.
    expect(shakeRuntime(cut, "T;").chunks[0]!.text).not.toContain("function twice");
    expect(programKindTables(info).get("SCHEDULE_SEMANTICS")).toEqual(new Set(["constant"]));
    expect(programKindTables(info).get("METRIC_SEMANTICS")).toEqual(new Set(["accuracy"]));
    expect(programKindTables(tablesInfo).get("SCHEDULE_SEMANTICS")).toEqual(new Set(["cosine"]));
    const program = assembleProgram({ target: "ts", modelCode: modelTs, className: "TestMlp", info: tablesInfo });
    expect(program).toMatch(/^\s+cosine: /m);
    expect(program).not.toMatch(/^\s+(one_cycle|step|top_k|accuracy): /m);
    expect(program).toMatch(/^\s+mae: /m);
  });

  it("a synthetic-data program has no file loaders and still typechecks (the tsc test above covers the rest)", () => {
    const ts = assembleProgram({ target: "ts", modelCode: modelTs, className: "TestMlp", info });
    for (const f of ["csv-data.ts", "json-data.ts", "npy-data.ts", "idx-data.ts", "mnist-data.ts", "data-source.ts", "predict.ts"]) expect(ts).not.toContain(`// ---- runtime: ${f} ----`);
    expect(ts).toContain("// ---- runtime: synthetic.ts ----");
    expect(ts.split("\n").length).toBeLessThan(runtimeSource("ts").split("\n").length * 0.9);
  });
});

describe("assembleProgram and user text", () => {
  it("keeps the .nn path inside the header comment and exact in PROGRAM (U+2028 once ended the comment)", () => {
    const source = "poc\u2028globalThis.__pwned=1;//m.nn";
    const js = assembleProgram({ target: "js", modelCode: "class TestMlp {}", className: "TestMlp", info: { ...info, source, dataDir: "d\u2029`${x}`" } });
    const [first, second] = js.split("\n");
    expect(first).toBe('// Generated by nnc from "poc\\u2028globalThis.__pwned=1;//m.nn": model TestMlp.');
    expect(second!.startsWith("// Do not edit")).toBe(true);
    expect(js).not.toMatch(/[\u2028\u2029]/);
    expect(js).toContain('"source": "poc\\u2028globalThis.__pwned=1;//m.nn"');
    expect(js).toContain('"dataDir": "d\\u2029\\`\\${x}\\`"');
    // Split in two: both headers keep the path (and the other file's name) inside their comments.
    const files = assembleProgramForms({ target: "js", modelCode: "class TestMlp {}", className: "TestMlp", info: { ...info, source } }).files({ main: "p\u2028x.mjs", runtime: "p\u2028x.runtime.mjs" });
    for (const text of [files.main, files.runtime]) {
      expect(text).not.toMatch(/[\u2028\u2029]/);
      expect(text.split("\n")[0]).toMatch(/^\/\/ Generated by nnc from "poc\\u2028globalThis.__pwned=1;\/\/m.nn": model TestMlp/);
    }
    expect(files.main).toContain('from "./p\\u2028x.runtime.mjs";');
  });

  it("names the runtime module beside a program, and how the program imports it", () => {
    expect([runtimeFileName("train.ts", "ts"), runtimeFileName("train.mts", "ts"), runtimeFileName("train.mjs", "js"), runtimeFileName("train.js", "js"), runtimeFileName("train", "ts"), runtimeFileName("train", "js"), runtimeFileName("a.b.ts", "ts")]).toEqual([
      "train.runtime.ts", "train.runtime.mts", "train.runtime.mjs", "train.runtime.js", "train.runtime.ts", "train.runtime.mjs", "a.b.runtime.ts",
    ]);
    expect(["train.runtime.ts", "train.runtime.mts", "train.runtime.cts", "train.runtime.mjs", "train.runtime.js"].map(runtimeSpecifier)).toEqual([
      "./train.runtime.js", "./train.runtime.mjs", "./train.runtime.cjs", "./train.runtime.mjs", "./train.runtime.js",
    ]);
  });

  it("refuses a class named like a top-level name of the program", () => {
    const names = programTopLevelNames();
    for (const n of ["DataError", "runTraining", "CompiledModel", "PROGRAM", "createModel", "resolve", "fileURLToPath"]) expect(names).toContain(n);
    const imported = [...runtimeSource("ts").matchAll(/^import (?:type )?\{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(",").map((s) => s.trim().replace(/^type /, "").split(/ as /).pop()!));
    expect(imported.length).toBeGreaterThan(3);
    for (const n of imported) expect(names).toContain(n);
    expect(() => assembleProgram({ target: "ts", modelCode: "class DataError {}", className: "DataError", info })).toThrow(/not an identifier free in the program/);
    expect(() => assembleProgram({ target: "ts", modelCode: "", className: "a;b", info })).toThrow(/not an identifier/);
  });
});
