import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli.ts";
import { EXIT, type CommandModule } from "./command-module.ts";
import { COMMANDS } from "./commands/index.ts";
import type { DiagnosticJson } from "./diagnostic-json.ts";
import { recordingIo } from "./io.ts";

// How the CLI reports bad input: coded errors for option values and the command line, --data and
// --input problems located in the argument (never at `m.nn:1:1`), and with --json every error as JSON.
const SPIRALS = fileURLToPath(new URL("../../../examples/spirals.nn", import.meta.url));
const MATVEC = fileURLToPath(new URL("../../../examples/matvec.nn", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "nnc-errors-"));

async function run(argv: string[], commands: readonly CommandModule[] = COMMANDS) {
  const io = recordingIo({ NO_COLOR: "1" });
  const code = await runCli(argv, io, commands);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** stdout of a --json run that failed: exactly one line `{"diagnostics": [...]}`; its diagnostics. */
function jsonDiagnostics(out: string): DiagnosticJson[] {
  const lines = out.trimEnd().split("\n");
  expect(lines.length, out).toBe(1);
  const parsed = JSON.parse(lines[0]!) as { diagnostics: DiagnosticJson[] };
  expect(Object.keys(parsed)).toEqual(["diagnostics"]);
  return parsed.diagnostics;
}

function throwing(error: unknown): CommandModule {
  return {
    name: "boom",
    summary: "throws",
    examples: [],
    configure: (cmd) => void cmd.argument("<file>").option("--json"),
    run(cmd, ctx) {
      ctx.currentFile = cmd.processedArgs[0] as string;
      throw error;
    },
  };
}

const BROKEN = file("broken.nn", "dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = x @ nope\n}\n");

describe("option values", () => {
  it("bounds --epochs to 1…1000000 and --seed to 0…2^32−1 with E0611, exit 2", async () => {
    expect(await run(["train", SPIRALS, "--epochs", "1e20"])).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --epochs needs a whole number from 1 to 1000000, not `1e20`\n" });
    expect(await run(["train", SPIRALS, "--seed", "1e300"])).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --seed needs a whole number from 0 to 4294967295, not `1e300`\n" });
    expect((await run(["train", SPIRALS, "--seed", "4294967296"])).err).toContain("error[E0611]");
    const edge = await run(["train", SPIRALS, "--seed", "4294967295", "--epochs", "1", "--json"]);
    expect(edge.code, edge.err).toBe(EXIT.ok);
  });

  it("codes commander's usage errors E0610 and other option values E0611", async () => {
    const unknown = await run(["train", SPIRALS, "--epoch", "5"]);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toMatch(/^error\[E0610\]: unknown option '--epoch'\n\(Did you mean --epochs\?\)/);
    expect(await run(["compile", SPIRALS, "--target", "wasm"])).toEqual({ code: EXIT.usage, out: "", err: "error[E0611]: --target must be ts, js or pytorch, not `wasm`\n" });
    expect((await run(["jacobian", MATVEC, "--of", "c", "--wrt", "W", "--feed", "f.json"])).err).toBe("error[E0611]: `c` is not an output of `MatVec` (outputs: b)\n");
    expect((await run(["eval", MATVEC, "--feed", "f.json", "--seed", "1e300"])).err).toBe("error[E0611]: --seed needs a whole number from 0 to 4294967295, not `1e300`\n");
  });
});

describe("--data and --input problems point at the argument", () => {
  it("puts a caret under the spec's bad column (counted in the argument as given), exit 2", async () => {
    const r = await run(["train", SPIRALS, "--data", "  spirals(n=5,,)"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("error[E0621]: cannot read the data spec `  spirals(n=5,,)`: expected a number, a string or a name at column 15\n");
    expect(r.err).toContain("  --> --data argument, column 15\n   |\n 1 |   spirals(n=5,,)\n   |               ^\n");
    expect(r.err).not.toContain("spirals.nn:");
  });

  it("underlines the whole spec for an unknown source or argument, never the .nn file", async () => {
    for (const [spec, code] of [
      ["spirls(n=5)", "E0621"],
      ["spirals(n=5, foo=1)", "E0622"],
    ] as const) {
      const r = await run(["train", SPIRALS, "--data", spec]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toContain(`error[${code}]: `);
      expect(r.err).toContain(`  --> --data argument, column 1\n   |\n 1 | ${spec}\n   | ${"^".repeat(spec.length)}\n`);
      expect(r.err).not.toContain("spirals.nn:");
    }
  });

  it("does the same for predict --input", async () => {
    const ckpt = join(dir, "s.ckpt");
    expect((await run(["train", SPIRALS, "--epochs", "1", "--save", ckpt, "--json"])).code).toBe(EXIT.ok);
    const r = await run(["predict", SPIRALS, "--checkpoint", ckpt, "--input", "spirls()"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("error[E0621]: unknown data source `spirls`\n  --> --input argument, column 1\n");
    expect(r.err).not.toContain("spirals.nn:");
  });
});

describe("--json: errors are one JSON line on stdout, nothing on stderr", () => {
  it("train: program errors exit 1, option errors (at the option, columns in its value) exit 2, usage errors exit 2", async () => {
    const broken = await run(["train", BROKEN, "--json"]);
    expect(broken.code).toBe(EXIT.programErrors);
    expect(broken.err).toBe("");
    expect(jsonDiagnostics(broken.out)).toEqual([{ code: "E0101", severity: "error", message: "undefined name `nope`", file: BROKEN, line: 3, column: 11, endLine: 3, endColumn: 15 }]);
    const epochs = await run(["train", SPIRALS, "--json", "--epochs", "1e20"]);
    expect([epochs.code, epochs.err]).toEqual([EXIT.usage, ""]);
    expect(jsonDiagnostics(epochs.out)).toEqual([expect.objectContaining({ code: "E0611", file: "--epochs", line: 1, column: 1, endColumn: 5 })]);
    const spec = await run(["train", SPIRALS, "--json", "--data", "spirals(n=5,,)"]);
    expect([spec.code, spec.err]).toEqual([EXIT.usage, ""]);
    expect(jsonDiagnostics(spec.out)).toEqual([expect.objectContaining({ code: "E0621", file: "--data", line: 1, column: 13 })]);
    const unknown = await run(["train", SPIRALS, "--json", "--bogus"]);
    expect([unknown.code, unknown.err]).toEqual([EXIT.usage, ""]);
    expect(jsonDiagnostics(unknown.out)).toEqual([expect.objectContaining({ code: "E0610", message: "unknown option '--bogus'", file: "<command line>" })]);
  });

  it("predict, eval and jacobian", async () => {
    const predict = await run(["predict", SPIRALS, "--json", "--checkpoint", join(dir, "none.ckpt"), "--input", "spirals(n=8)"]);
    expect([predict.code, predict.err]).toEqual([EXIT.programErrors, ""]);
    expect(jsonDiagnostics(predict.out)[0]).toMatchObject({ code: expect.stringMatching(/^E064\d$/) as unknown, file: join(dir, "none.ckpt") });
    const missing = await run(["predict", SPIRALS, "--json", "--input", "x"]);
    expect([missing.code, missing.err]).toEqual([EXIT.usage, ""]);
    expect(jsonDiagnostics(missing.out)[0]).toMatchObject({ code: "E0610", message: "required option '--checkpoint <file>' not specified" });
    const evalBad = await run(["eval", MATVEC, "--json", "--feed", join(dir, "nope.json")]);
    expect([evalBad.code, evalBad.err]).toEqual([EXIT.programErrors, ""]);
    expect(jsonDiagnostics(evalBad.out)[0]).toMatchObject({ code: "E0660", file: join(dir, "nope.json") });
    const evalBroken = await run(["eval", BROKEN, "--json", "--feed", join(dir, "nope.json")]);
    expect([evalBroken.code, evalBroken.err]).toEqual([EXIT.programErrors, ""]);
    expect(jsonDiagnostics(evalBroken.out)[0]).toMatchObject({ code: "E0101", line: 3 });
    const jac = await run(["jacobian", MATVEC, "--json", "--of", "zz", "--wrt", "W", "--feed", join(dir, "nope.json")]);
    expect([jac.code, jac.err]).toEqual([EXIT.usage, ""]);
    expect(jsonDiagnostics(jac.out)).toEqual([expect.objectContaining({ code: "E0611", file: "--of", column: 1, endColumn: 3 })]);
  });

  it("an internal error is a JSON E0900, exit 70", async () => {
    const r = await run(["boom", "m.nn", "--json"], [throwing(new Error("dangling node"))]);
    expect([r.code, r.err]).toEqual([EXIT.internal, ""]);
    expect(jsonDiagnostics(r.out)).toEqual([expect.objectContaining({ code: "E0900", message: "internal compiler error: dangling node", file: "m.nn" })]);
  });
});

describe("the engine's limits are the input's, not bugs", () => {
  it("reports an exhausted stack as E0659 and a failed allocation as E0658 at the file, exit 1", async () => {
    const deep = await run(["boom", "m.nn"], [throwing(new RangeError("Maximum call stack size exceeded"))]);
    expect(deep.code).toBe(EXIT.programErrors);
    expect(deep.err).toMatch(/^error\[E0659\]: the input is nested too deeply to process/);
    expect(deep.err).not.toContain("E0900");
    const big = await run(["boom", "m.nn", "--json"], [throwing(new RangeError("Invalid typed array length: 16000000000"))]);
    expect(big.code).toBe(EXIT.programErrors);
    expect(jsonDiagnostics(big.out)).toEqual([expect.objectContaining({ code: "E0658", file: "m.nn" })]);
  });
});

describe("non-finite numbers in JSON output", () => {
  it("are the strings NaN, Infinity and -Infinity, with both eval backends", async () => {
    // In float64, 1e308·10 overflows: row 0 is ∞ + (−∞) = NaN, row 1 is −∞.
    const feed = file("inf.json", JSON.stringify({ inputs: { a: [10, -10, 0] }, params: { W: [[1e308, 1e308, 0], [-1e308, 0, 0], [0, 0, 1]] } }));
    for (const backend of ["ts", "interp"]) {
      const r = await run(["eval", MATVEC, "--feed", feed, "--dtype", "f64", "--backend", backend]);
      expect(r.code, r.err).toBe(EXIT.ok);
      expect(r.out).toBe('{"outputs":{"b":["NaN","-Infinity",0]}}\n');
    }
  });
});
