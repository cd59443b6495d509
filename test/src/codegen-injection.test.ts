/**
 * Nothing from user input reaches a compiled program unescaped (issue 9, classes 1 and 8):
 * - every context of a whole program (header, class and statement comments, the PROGRAM literal) with
 *   a `.nn` path, data folder and train-section strings carrying each dangerous character;
 * - the reported exploit end to end: a folder named `poc<U+2028>import(…)` ran code in `nnc train` and
 *   in every program `nnc compile` wrote;
 * - names that are Object.prototype's (`__proto__`, `constructor`, `toString`, `hasOwnProperty`)
 *   compute the same numbers as plain names, through eval (both backends), train, checkpoints, predict.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { compile } from "@nnc/compiler/node";

/** The whole program the driver emits for `text` (what `nnc compile` writes). */
function compileProgram(file: string, text: string, o: { target: "ts" | "js"; dtype: "f32"; dataDir?: string }) {
  const r = compile(text, { ...o, fileName: file, generate: "program" });
  return { diagnostics: r.diagnostics, code: r.program };
}

const REPO = join(import.meta.dirname, "..", "..");
const BIN = join(REPO, "packages", "cli", "bin", "nnc.js");
const dir = mkdtempSync(join(tmpdir(), "nnc-codegen-injection-"));

/** Printable name → the character (test titles must not carry them raw). */
const DANGEROUS: readonly (readonly [string, string])[] = [
  ["U+2028", "\u2028"], ["U+2029", "\u2029"], ["*/", "*/"], ["backtick", "`"], ["${", "${"], ["'", "'"], ['"', '"'], ["backslash", "\\"],
  ["NUL", "\u0000"], ["ESC", "\u001b"], ["LF", "\n"], ["CR", "\r"], ["RLO U+202E", "\u202e"],
];
const PAYLOAD = "globalThis.__nncInjected=1;";
/** No raw control (but the layout's tab and line feed), C1, line separator or bidi character. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;

afterEach(() => {
  delete (globalThis as { __nncInjected?: unknown }).__nncInjected;
});

function injected(): boolean {
  return (globalThis as { __nncInjected?: unknown }).__nncInjected !== undefined;
}

async function nnc(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const io = recordingIo({ NO_COLOR: "1" });
  const status = await runCli(args, io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

const spirals = (data: string): string => `dim B
model M(x: f32[B, 2]) -> (logits: f32[B, 2]) {
  param W: f32[2, 2] = glorot_uniform()
  logits = x @ W
}
train M {
  input label: i32[B]
  loss = mean(cross_entropy(logits, label))
  optimizer = sgd(lr = 0.1)
  data = ${data}
}
`;

/** A `.nn` string literal holding `s` (the lexer's only escapes are `\"` and `\\`). */
const nnString = (s: string): string => `"${s.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/**
 * The top-level statements of `code`, by kind and declared name. TypeScript fails on any syntax error;
 * JavaScript is checked by importing it.
 */
function topLevel(code: string, js: boolean): string[] {
  if (!js) {
    const out = ts.transpileModule(code, { reportDiagnostics: true, fileName: "p.ts", compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
    expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  }
  const sf = ts.createSourceFile(js ? "p.mjs" : "p.ts", code, ts.ScriptTarget.ES2022, false, js ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  return sf.statements.map((s) => `${ts.SyntaxKind[s.kind]} ${(s as { name?: ts.Identifier }).name?.text ?? ""}`);
}

let written = 0;
const benignStatements = new Map<string, string[]>();

/** The statements of the program a harmless path and strings give (compiled once per target). */
function benign(target: "ts" | "js", data: string): string[] {
  const key = `${target} ${data}`;
  let got = benignStatements.get(key);
  if (got === undefined) {
    got = topLevel(compileProgram("/tmp/p/m.nn", spirals(data), { target, dtype: "f32", dataDir: "/tmp/d" }).code!, target === "js");
    benignStatements.set(key, got);
  }
  return got;
}

describe("user text in every context of a compiled program", () => {
  for (const [name, c] of DANGEROUS) {
    it(`${name} in the path, the data folder and the train section's strings`, async () => {
      const evil = `q${c}${PAYLOAD}${c}//`;
      // Programs carry the file's name without its folders (a separator in it would end the name).
      const name = `m${evil.replace(/[\\/]/g, "_")}.nn`;
      const file = `/tmp/p${evil}/${name}`;
      const dataDir = `/tmp/d${evil}`;
      // A string cannot span lines: the lexer refuses a line feed in one (E0002); every other character is allowed.
      const inString = c !== "\n";
      const data = (s: string): string => (inString ? `csv(${nnString(`${s}.csv`)}, label = ${nnString(s)})` : "spirals(n = 8)");
      if (!inString) expect(compileProgram(file, spirals(`csv(${nnString(evil)})`), { target: "js", dtype: "f32" }).diagnostics.map((d) => d.code)).toContain("E0002");
      for (const target of ["ts", "js"] as const) {
        const hostile = compileProgram(file, spirals(data(evil)), { target, dtype: "f32", dataDir });
        expect(hostile.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const code = hostile.code!;
        expect(RAW.exec(code)?.[0], "a raw dangerous character").toBeUndefined();
        // (a) it parses, (b) to exactly the statements of the benign program.
        expect(topLevel(code, target === "js")).toEqual(benign(target, data("q")));
        if (target === "ts") continue;
        const out = join(dir, `program${++written}.mjs`);
        writeFileSync(out, code);
        const mod = (await import(pathToFileURL(out).href)) as { PROGRAM: { source: string; dataDir: string; train: { data: unknown } } };
        expect(injected()).toBe(false);
        // (c) the values round-trip exactly.
        expect(mod.PROGRAM.source).toBe(`${dataDir}/${name}`);
        expect(mod.PROGRAM.dataDir).toBe(dataDir);
        if (inString) expect(mod.PROGRAM.train.data).toEqual({ source: "csv", args: { "0": `${evil}.csv`, label: evil } });
      }
    });
  }
});

describe("the reported exploit: a folder named poc<U+2028>import(…)", () => {
  it("runs nothing in nnc compile (ts, js), in the compiled programs, nor in nnc train", () => {
    const root = mkdtempSync(join(tmpdir(), "nnc-poc-"));
    // After U+2028 the rest of the path was code: it writes PWNED into the working folder; `//` hides the tail.
    const folder = join(root, "poc\u2028import('node:fs').then(f=>f.writeFileSync('PWNED',''));");
    mkdirSync(folder);
    writeFileSync(join(folder, "s.nn"), spirals("spirals(n = 64)"));
    const source = `${folder}//s.nn`;
    const run = (cmd: string, args: string[]): void => {
      const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
      expect(r.status, `${args.join(" ")}\n${r.stderr}`).toBe(0);
    };
    run(process.execPath, [BIN, "compile", source, "--target", "ts", "-o", join(root, "out.ts")]);
    run(process.execPath, [BIN, "compile", source, "--target", "js", "-o", join(root, "out.mjs")]);
    run(process.execPath, [BIN, "train", source, "--epochs", "1"]);
    run(process.execPath, [join(root, "out.mjs"), "--epochs", "1"]);
    run(join(REPO, "node_modules", ".bin", "tsx"), [join(root, "out.ts"), "--epochs", "1"]);
    expect(existsSync(join(root, "PWNED"))).toBe(false);
    const program = readFileSync(join(root, "out.mjs"), "utf8");
    // Programs name the source relative to themselves (the folder escaped), never by the compiling
    // machine's path; the folder reaches the program as the relative dataDir, escaped.
    expect(program.split("\n")[0]).toMatch(/^\/\/ Generated by nnc from "poc\\u2028import\(.*\);\/s\.nn": model M\.$/);
    expect(program).toMatch(/^ *"dataDir": "poc\\u2028import\(.*\);",$/m);
    expect(program).not.toContain(root);
  });
});

/** Input, params and output named `n.x`, `n.w`, `n.b` (no initializer: the default), `n.y`. */
function namedModel(n: { x: string; w: string; b: string; y: string }, data: string | null): string {
  return `dim B
model M(${n.x}: f32[B, 2]) -> (${n.y}: f32[B, 2]) {
  param ${n.w}: f32[2, 2] = glorot_uniform()
  param ${n.b}: f32[2]
  ${n.y} = tanh(${n.x} @ ${n.w}) + ${n.b}
}
train M {
  input label: i32[B]
  loss = mean(cross_entropy(${n.y}, label))
  optimizer = adam(lr = 0.05)
${data === null ? "" : `  data = ${data}\n`}  batch = 8
  epochs = 2
}
`;
}
const HOSTILE = { x: "__proto__", w: "constructor", b: "toString", y: "hasOwnProperty" };
const PLAIN = { x: "x", w: "W", b: "b", y: "y" };
const X = Array.from({ length: 24 }, (_, i) => [Math.cos(i), Math.sin(i * 0.7) * (i % 3)]);
const LABEL = X.map(([a, b]) => (a! * b! > 0 ? 1 : 0));


function modelFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("names that are Object.prototype's", () => {
  it("evaluate to the plain-named model's numbers, with both backends", async () => {
    const hostile = modelFile("hostile-eval.nn", namedModel(HOSTILE, null));
    const plain = modelFile("plain-eval.nn", namedModel(PLAIN, null));
    const W = [[0.5, -1], [2, 0.25]];
    const b = [0.1, -0.2];
    const x = [[1, 2], [-0.5, 0.75]];
    const j = JSON.stringify;
    const hostileFeed = modelFile("hostile-feed.json", `{"inputs": {"__proto__": ${j(x)}, "label": [1, 0]}, "params": {"constructor": ${j(W)}, "toString": ${j(b)}}}`);
    const plainFeed = modelFile("plain-feed.json", JSON.stringify({ inputs: { x, label: [1, 0] }, params: { W, b } }));
    const rename = (json: string): string => json.replaceAll('"hasOwnProperty"', '"y"').replaceAll('"constructor"', '"W"').replaceAll('"toString"', '"b"');
    const want = await nnc("eval", plain, "--feed", plainFeed, "--grad", "--backend", "interp", "--dtype", "f64");
    expect(want.status, want.err).toBe(0);
    for (const backend of ["ts", "interp"]) {
      const got = await nnc("eval", hostile, "--feed", hostileFeed, "--grad", "--backend", backend, "--dtype", "f64");
      expect(got.status, got.err).toBe(0);
      expect(JSON.parse(rename(got.out))).toEqual(JSON.parse(want.out));
    }
  });

  it("an input named __proto__ trains to the numbers of the input named x", async () => {
    const names = { ...PLAIN };
    // Written as text: a JS object literal `{ __proto__: X }` would set a prototype, not a field.
    writeFileSync(join(dir, "d-proto.json"), `{"__proto__": ${JSON.stringify(X)}, "label": ${JSON.stringify(LABEL)}}`);
    writeFileSync(join(dir, "d-x.json"), JSON.stringify({ x: X, label: LABEL }));
    const epochs = async (file: string): Promise<unknown[]> => {
      const r = await nnc("train", file, "--json");
      expect(r.status, r.err).toBe(0);
      return r.out.trim().split("\n").map((l) => ({ ...(JSON.parse(l) as object), seconds: 0 }));
    };
    const proto = await epochs(modelFile("in-proto.nn", namedModel({ ...names, x: "__proto__" }, 'json("d-proto.json")')));
    expect(proto).toHaveLength(3);
    expect(proto).toEqual(await epochs(modelFile("in-x.nn", namedModel(names, 'json("d-x.json")'))));
  });

  for (const names of [{ x: "x", w: "__proto__", b: "toString", y: "hasOwnProperty" }, { x: "x", w: "constructor", b: "b", y: "__proto__" }]) {
    it(`params ${names.w} and ${names.b}, output ${names.y}, model DataError: train, resume from a checkpoint, predict`, async () => {
      writeFileSync(join(dir, "d-x.json"), JSON.stringify({ x: X, label: LABEL }));
      const file = modelFile(`names-${names.y}.nn`, namedModel(names, 'json("d-x.json")').replace("model M", "model DataError").replace("train M", "train DataError"));
      const ckpt = join(dir, `names-${names.y}.ckpt`);
      const trained = await nnc("train", file, "--save", ckpt, "--json");
      expect(trained.status, trained.err).toBe(0);
      const resumed = await nnc("train", file, "--resume", ckpt, "--epochs", "3", "--json");
      expect(resumed.status, resumed.err).toBe(0);
      expect((JSON.parse(resumed.out.trim().split("\n")[0]!) as { epoch: number }).epoch).toBe(3);
      const predicted = await nnc("predict", file, "--checkpoint", ckpt, "--input", `json(${JSON.stringify(join(dir, "d-x.json"))})`, "--json");
      expect(predicted.status, predicted.err).toBe(0);
      const first = JSON.parse(predicted.out.split("\n")[0]!) as { outputs: Record<string, number[]> };
      expect(Object.keys(first.outputs)).toEqual([names.y]);
      expect(Object.values(first.outputs)[0]).toHaveLength(2);
    });
  }
});
