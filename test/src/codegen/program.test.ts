/**
 * The generated program as a person keeps it (issue 10, item 6): no dead locals under
 * tsc --strict --noUnusedLocals --noUnusedParameters, the forward pass written once, every backward
 * statement annotated with its rule and `.nn` line, only the runtime parts the model uses, and a data
 * source it was compiled without refused with a clear message.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "@nnc/compiler/node";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EXAMPLES } from "./test-programs.ts";

// Inside the repository so that `@types/node` resolves as it does for a program kept in a project.
const outDir = fileURLToPath(new URL("../../test-output/codegen-programs/", import.meta.url));
mkdirSync(outDir, { recursive: true });

/** spawnSync blocks the worker, so vitest's timeout cannot stop a hung child: this kills it first. */
const CHILD_TIMEOUT = 240_000;

function compiled(file: string, target: "ts" | "js") {
  const c = compile(readFileSync(join(EXAMPLES, file), "utf8"), { fileName: file, target, dataDir: "../../../examples" });
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || c.program === undefined || c.programFiles === undefined) throw new Error(`${file}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ") || "no program"}`);
  return { single: c.program, files: c.programFiles };
}

/** The one-file form (nnc train, --single-file). */
function program(file: string, target: "ts" | "js" = "ts"): string {
  return compiled(file, target).single;
}

/** The program and its runtime module, as `nnc compile -o STEM.ts` writes them. */
function programFiles(file: string, target: "ts" | "js" = "ts"): { main: string; runtime: string; names: { main: string; runtime: string } } {
  const stem = file.replace(/\.nn$/, "");
  const ext = target === "ts" ? "ts" : "mjs";
  const names = { main: `${stem}.${ext}`, runtime: `${stem}.runtime.${ext}` };
  return { ...compiled(file, target).files(names), names };
}

/** The body of method `name` of the class (from its signature line to the closing brace at its indent). */
function methodBody(code: string, name: string): string[] {
  const lines = code.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^  (private )?${name}\\(`).test(l));
  expect(start, `method ${name}`).toBeGreaterThan(0);
  const end = lines.indexOf("  }", start);
  return lines.slice(start + 1, end);
}

const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith(".nn")).sort();

// 22 programs compiled, then one tsc over all of them: 26 s idle, 316 s in a full `npm test` at load (past 300 s).
describe("every example's program passes tsc --strict --noUnusedLocals --noUnusedParameters", { timeout: 600_000 }, () => {
  it(`${examples.length} examples, each as program + runtime module and as one file, checked together`, () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    const files = examples.flatMap((f) => {
      const pair = programFiles(f);
      const single = join(outDir, f.replace(/\.nn$/, ".single.ts"));
      writeFileSync(join(outDir, pair.names.runtime), pair.runtime);
      writeFileSync(join(outDir, pair.names.main), pair.main);
      writeFileSync(single, program(f));
      return [join(outDir, pair.names.main), single];
    });
    const options: ts.CompilerOptions = {
      strict: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
      skipLibCheck: true,
    };
    const checked = ts.createProgram(files, options);
    // Each program reaches its runtime module through its import (`./STEM.runtime.js`).
    for (const f of examples) expect(checked.getSourceFile(join(outDir, f.replace(/\.nn$/, ".runtime.ts"))), f).toBeDefined();
    const diags = ts.getPreEmitDiagnostics(checked).map((d) => {
      const at = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      return `${d.file?.fileName.slice(outDir.length) ?? ""}:${at}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
    });
    expect(diags).toEqual([]);
    // Line counts, program / runtime module (the report of issue 10 item 6).
    console.log(examples.map((f) => {
      const stem = f.replace(/\.nn$/, "");
      const lines = (name: string): number => readFileSync(join(outDir, name), "utf8").split("\n").length;
      return `${stem}: program ${lines(`${stem}.ts`)}, runtime ${lines(`${stem}.runtime.ts`)}, one file ${lines(`${stem}.single.ts`)}`;
    }).join("\n"));
  });
});

describe("examples/mnist-mlp.nn's program", () => {
  const files = programFiles("mnist-mlp.nn");
  // The program file: the model class and what is specific to it (the runtime is its own module).
  const code = files.main;
  const c = compile(readFileSync(join(EXAMPLES, "mnist-mlp.nn"), "utf8"), { fileName: "mnist-mlp.nn", generate: "class" });

  it("writes the forward pass once: evalLoss and trainStep run it, then the loss tail, then backward", () => {
    // Each forward statement's comment (`// h: f32[B, 128] = relu(%2)`) and kernel call occur once.
    for (const head of ["// %0: f32[B, 128] = matmul(x, W1)", "// h: f32[B, 128] = relu(%2)", "// logits: f32[B, 10] = add(%3, %4)"]) {
      expect(code.split("\n").filter((l) => l.trim().startsWith(head)), head).toHaveLength(1);
    }
    expect(code.match(/Mlp\.mmNN\(x, 0, W1, 0/g)).toHaveLength(1);
    expect(methodBody(code, "run")).toEqual([
      "    this.runForward(rows, check, false);",
      "    if (upTo === 1 || (check && this.found >= 0)) return;",
      "    this.runLoss(rows, check, false);",
      "    if (upTo === 2 || (check && this.found >= 0)) return;",
      "    this.runBackward(rows, check, false);",
    ]);
  });

  it("annotates every backward statement with its rule and .nn line", () => {
    const body = methodBody(code, "runBackward");
    const explained = new Map((c.explanation ?? []).map((e) => [e.id, e]));
    expect(explained.size).toBeGreaterThan(8);
    let statements = 0;
    let annotated = 0;
    body.forEach((line, i) => {
      const t = line.trim();
      // A statement at the body's top level that computes something (not an array local or a check).
      if (!/^ {4}\S/.test(line) || t.startsWith("//") || t.startsWith("}") || /^const \w+ = this\.buf\d+;$/.test(t) || t.startsWith("if (check")) return;
      statements++;
      // Back over the statement's other lines (its check-mode block, a fill before its loop) to its comments.
      let k = i - 1;
      while (k > 0 && !body[k]!.trim().startsWith("//") && !/^ {4}if \(check && /.test(body[k]!) && !/^ {4}const \w+ = this\.buf\d+;$/.test(body[k]!)) k--;
      const comment = body[k]?.trim() ?? "";
      expect(comment, `the line above \`${t}\``).toMatch(/^\/\/ \S+: .* — \S+: .*\(mnist-mlp\.nn:\d+\)$/);
    });
    for (const line of body.filter((l) => l.trim().startsWith("// "))) {
      const id = /^\/\/ (\S+): /.exec(line.trim())![1]!;
      const e = explained.get(id);
      expect(e, `${id} is a backward value`).toBeDefined();
      expect(line).toContain(` — ${e!.rule}: `);
      expect(line).toContain(`(mnist-mlp.nn:${e!.line})`);
      annotated++;
    }
    expect(statements).toBeGreaterThan(6);
    expect(annotated).toBeGreaterThanOrEqual(statements);
    expect(body.some((l) => /\/\/ dW1: .* — matmul\.vjp\.1: .*\(mnist-mlp\.nn:10\)/.test(l))).toBe(true);
  });

  it("imports its runtime module, which holds only the runtime parts it uses: the MNIST loader, not CSV/NPY/JSON/synthetic/predict", () => {
    const runtime = files.runtime;
    expect(code).toMatch(/^import \{ [^}]*\brunProgramMain\b[^}]*\} from "\.\/mnist-mlp\.runtime\.js";$/m);
    expect(code).not.toContain("// ---- runtime: ");
    // Each file's header says what it is and names the other.
    expect(code.split("\n").slice(0, 3).join("\n")).toContain('Its runtime is the module "mnist-mlp.runtime.ts" beside it');
    expect(runtime.split("\n").slice(0, 2).join("\n")).toContain('the runtime of the program "mnist-mlp.ts"');
    expect(runtime).toContain("// ---- runtime: mnist-data.ts ----");
    for (const part of ["csv-data.ts", "npy-data.ts", "json-data.ts", "synthetic.ts", "predict.ts", "data-source.ts"]) expect(runtime).not.toContain(`// ---- runtime: ${part} ----`);
    expect(runtime).toContain("// ---- runtime: checkpoint.ts ----");
    // Its train section's schedule (none: constant) and metrics (none: accuracy), not the other kinds or their helpers.
    expect(runtime).toMatch(/^ {2}constant: /m);
    expect(runtime).toMatch(/^ {2}accuracy: /m);
    for (const kind of ["step", "cosine", "one_cycle", "top_k", "mae", "rmse"]) expect(runtime).not.toMatch(new RegExp(`^ {2}${kind}: `, "m"));
    for (const helper of ["oneCycle", "annealCos", "regressionPair", "elementErrorSum"]) expect(runtime).not.toMatch(new RegExp(`^(const|function) ${helper}\\b`, "m"));
    // The same code as the one-file form: only the module boundary differs.
    const single = program("mnist-mlp.nn");
    expect(single).toContain(runtime.slice(runtime.indexOf("// ---- runtime: "), runtime.lastIndexOf("\nexport {")).trim());
    expect(single).toContain(code.slice(code.indexOf("// ---- model ----")));
  });

  it("writes dataDir relative to the program file, never the compiling machine's path (in neither file)", () => {
    expect(code).toContain('"dataDir": "../../../examples",');
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    for (const text of [code, files.runtime, program("mnist-mlp.nn")]) expect(text).not.toContain(root);
  });

  it("has the shortest round-trip literals (no 1 − β computed at compile time)", () => {
    expect(code).not.toMatch(/0\.0999999|0\.00100000000000000|\d\.\d{15,}/);
  });

  it("stays within its line budget: the program file < 1,000 lines; its runtime module measured apart", () => {
    const lines = code.split("\n").length;
    const runtime = files.runtime.split("\n").length;
    console.log(`mnist-mlp: program ${lines} lines, runtime module ${runtime} lines`);
    // Issue 10 item 6's target, for the file a person keeps and reads (646 lines when split off).
    expect(lines).toBeLessThan(1000);
    // The runtime module: the one-file program was 3,983 lines, 3,266 after issue 10, 3,496 after issue
    // 12, 3,375 after kind tables cut to the train section's kinds, uncalled methods shaken out and a
    // compacter class; its runtime (~2,740 lines) is what the program runs: the CLI, checkpoints, data
    // loading, progress. 2,799 → 2,827 with relaxed-simd.ts (a program run as a script turns on Node 20's
    // relaxed SIMD).
    expect(runtime).toBeLessThan(2850);
  });
});

describe("a synthetic-data program", () => {
  it("has no file loaders, and refuses --data csv(…) with how to get it, exit 1", () => {
    const js = program("spirals.nn", "js");
    // (The js target keeps only the comments of statements that survive type stripping: look for the loaders.)
    for (const loader of ["loadCsv", "readNpyFile", "loadJsonData", "readIdxFile", "loadMnist", "predictRows", "loadData"]) expect(js).not.toMatch(new RegExp(`^function ${loader}\\(`, "m"));
    expect(js).toMatch(/^function loadSynthetic\(/m);
    const file = join(outDir, "spirals.mjs");
    writeFileSync(file, js);
    const run = spawnSync(process.execPath, [file, "--data", 'csv("x.csv", label = "y")', "--epochs", "1"], { encoding: "utf8", timeout: CHILD_TIMEOUT });
    expect(run.stderr).toMatch(/^error\[E0621\]: this program was compiled without csv support \(it reads blobs, circles, moons, spirals, xor\)\nhelp: recompile it from a \.nn file whose train section uses `data = csv\(…\)`/);
    // A valid spec this program cannot read is a data error, exit 1, as `nnc train` exits 1 for the missing x.csv (docs/cli.md).
    expect(run.status).toBe(1);
    const ok = spawnSync(process.execPath, [file, "--data", "moons(n=64)", "--epochs", "1", "--json"], { encoding: "utf8", timeout: CHILD_TIMEOUT });
    expect(ok.status, ok.stderr).toBe(0);
  });
});

describe("constants folded at compile time", () => {
  it("print by their f32 value in an f32 program (1 − 0.9 → 0.1), exactly in an f64 one", () => {
    const src = "dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  param W: f32[2, 2] = zeros()\n  y = x @ W * (1 - 0.9)\n}\n";
    const f32 = compile(src, { fileName: "c.nn", generate: "class", target: "ts" }).generated!.code;
    const f64 = compile(src, { fileName: "c.nn", generate: "class", target: "ts", dtype: "f64" }).generated!.code;
    expect(f32).toMatch(/\* 0\.1;/);
    expect(f32).not.toContain("0.09999999999999998");
    expect(f64).toMatch(/\* (0\.09999999999999998|\(1 - 0\.9\));/);
  });
});
