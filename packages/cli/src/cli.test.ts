import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "@nnc/diagnostics";
import { runCli } from "./cli.ts";
import { EXIT, type CommandModule } from "./command-module.ts";
import { COMMANDS } from "./commands/index.ts";
import { recordingIo } from "./io.ts";

const MATVEC = fileURLToPath(new URL("../../../examples/matvec.nn", import.meta.url));
const ESC = "\u001b[";

async function run(argv: string[], env: Record<string, string> = {}, isTTY = false, commands = COMMANDS) {
  const io = recordingIo(env, isTTY);
  const code = await runCli(argv, io, commands);
  return { code, out: io.out.join(""), err: io.err.join("") };
}

function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), "nnc-cli-")), name);
  writeFileSync(path, content);
  return path;
}

/** A command that throws, standing in for a compiler bug. */
function throwing(error: unknown): CommandModule {
  return {
    name: "boom",
    summary: "throws",
    examples: [],
    configure: (cmd) => void cmd.argument("<file>"),
    run(cmd, ctx) {
      ctx.currentFile = cmd.processedArgs[0] as string;
      throw error;
    },
  };
}

describe("nnc explain", () => {
  it("prints the title and long explanation of a code, accepting lower case and missing zeros", async () => {
    const r = await run(["explain", "e601"]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^E0601: cannot read a source file\n\nA file named on the command line could not be read/);
    expect(r.out).toContain("Erroneous example:");
  });

  it("rejects an unknown code with exit 2 and suggests the nearest one", async () => {
    // E0X601 is one insertion away from E0601 and at least two from every other code.
    const r = await run(["explain", "E0X601"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toBe("");
    expect(r.err).toBe("error[E0610]: unknown diagnostic code `E0X601`\nhelp: did you mean `E0601`? (`nnc explain --list` lists all codes)\n");
    expect((await run(["explain"])).code).toBe(EXIT.usage);
  });

  it("lists every code with its title, sorted", async () => {
    const r = await run(["explain", "--list"]);
    expect(r.code).toBe(EXIT.ok);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toContain("E0601  cannot read a source file");
    expect(lines).toContain("E0900  internal compiler error");
    expect([...lines].sort()).toEqual(lines);
  });
});

describe("nnc check", () => {
  it("prints diagnostics and models as JSON, and exits 2 when a file cannot be read", async () => {
    const r = await run(["check", "--json", MATVEC, "no-such.nn"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toBe("");
    const json = JSON.parse(r.out) as { diagnostics: unknown[]; models: { name: string }[] };
    expect(Object.keys(json)).toEqual(["diagnostics", "models"]);
    expect(json.diagnostics).toEqual([
      { code: "E0601", severity: "error", message: "cannot read `no-such.nn`: no such file", file: "no-such.nn", line: 1, column: 1, endLine: 1, endColumn: 1 },
    ]);
    expect(json.models.map((m) => m.name)).toEqual(["MatVec"]);
  });

  it("renders errors as code frames with a summary, exit 1; a directory is unreadable, exit 2", async () => {
    const bad = tempFile("bad.nn", "model M(x: f32[3]) -> (y: f32[3]) {\n  y = x\n");
    const r = await run(["check", bad]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toMatch(/^error\[E\d{4}\]: /);
    expect(r.err).toContain(`--> ${bad}:`);
    expect(r.err).toMatch(/\n\nerror: could not check `[^`]*bad\.nn` due to \d+ previous errors?\n$/);
    const dir = await run(["check", tmpdir()]);
    expect(dir).toEqual({ code: EXIT.usage, out: "", err: `error[E0601]: cannot read \`${tmpdir()}\`: it is a directory\n` });
  });

  it("checks a file that is not UTF-8 anyway: E0602 at the first bad byte, exit 1", async () => {
    const bin = tempFile("w.bin", new Uint8Array([0x61, 0x62, 0xff, 0x63]));
    const r = await run(["check", bin]);
    expect(r.code).toBe(EXIT.programErrors);
    expect(r.err).toContain(`error[E0602]: \`${bin}\` is not valid UTF-8 (first bad byte at offset 2)\n  --> ${bin}:1:3\n`);
    expect(r.err).toContain("this byte is not UTF-8");
  });

  it("says ok with the models of a clean file, exit 0", async () => {
    expect(await run(["check", MATVEC])).toEqual({ code: EXIT.ok, out: `${MATVEC}: ok (model MatVec)\n  MatVec: 9 parameters (36 B); memory of a forward pass 60 B\n`, err: "" });
  });

  it("lists a model's buffers, marking those a `next` updates", async () => {
    const file = fileURLToPath(new URL("../../../examples/batchnorm-mlp.nn", import.meta.url));
    const r = await run(["check", file]);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain("  Spiral: buffers h1.mean_run f32[64] (next), h1.var_run f32[64] (next), h2.mean_run f32[64] (next), h2.var_run f32[64] (next)\n");
  });
});

describe("usage and help", () => {
  it("exits 2 with a suggestion for unknown commands and options", async () => {
    const cmd = await run(["chek", "x.nn"]);
    expect(cmd.code).toBe(EXIT.usage);
    expect(cmd.err).toContain("error[E0610]: unknown command 'chek'\n(Did you mean check?)");
    const opt = await run(["check", "--jsn", "x.nn"]);
    expect(opt.code).toBe(EXIT.usage);
    expect(opt.err).toContain("error[E0610]: unknown option '--jsn'\n(Did you mean --json?)");
    expect((await run([])).code).toBe(EXIT.usage);
    expect((await run(["--color", "sometimes", "check", MATVEC])).code).toBe(EXIT.usage);
  });

  it("prints help with examples and exit statuses on stdout, exit 0", async () => {
    const root = await run(["--help"]);
    expect(root.code).toBe(EXIT.ok);
    expect(root.out).toContain("Usage: nnc [options] [command]");
    expect(root.out).toContain("Exit status:");
    for (const mod of COMMANDS) {
      const r = await run([mod.name, "--help"]);
      expect(r.code).toBe(EXIT.ok);
      expect(r.out).toContain(`Usage: nnc ${mod.name}`);
      expect(r.out).toContain(`Examples:\n  $ ${mod.examples[0]?.[0] ?? "?"}`);
    }
  });
});

describe("colour", () => {
  const bad = tempFile("bad.nn", "model M() -> () {\n");
  it("follows the terminal, NO_COLOR, FORCE_COLOR and --color", async () => {
    expect((await run(["check", bad], {}, true)).err).toContain(ESC);
    expect((await run(["check", bad], {}, false)).err).not.toContain(ESC);
    expect((await run(["check", bad], { NO_COLOR: "1" }, true)).err).not.toContain(ESC);
    expect((await run(["check", bad], { FORCE_COLOR: "1" }, false)).err).toContain(ESC);
    expect((await run(["--color", "always", "check", bad], { NO_COLOR: "1" }, false)).err).toContain(ESC);
    expect((await run(["--color=never", "check", bad], { FORCE_COLOR: "1" }, true)).err).not.toContain(ESC);
  });
});

describe("internal compiler errors", () => {
  it("reports an exception escaping a command as E0900 naming the file, exit 70, stack only with NNC_DEBUG=1", async () => {
    const cmds = [throwing(new Error("lowering saw a dangling node\nmore detail"))];
    const r = await run(["boom", "model.nn"], {}, false, cmds);
    expect(r.code).toBe(EXIT.internal);
    expect(r.err).toBe(
      [
        "error[E0900]: internal compiler error: lowering saw a dangling node",
        "  --> model.nn",
        "  = note: this is a bug in nnc; please report it with the input file and the output of",
        "          `NNC_DEBUG=1 nnc boom model.nn`",
        "  = note: set NNC_DEBUG=1 to print the stack trace",
        "",
      ].join("\n"),
    );
    const debug = await run(["boom", "model.nn"], { NNC_DEBUG: "1" }, false, cmds);
    expect(debug.code).toBe(EXIT.internal);
    expect(debug.err).toContain("\nError: lowering saw a dangling node\nmore detail\n    at ");
  });

  it("points at the span an InternalCompilerError carries, and survives thrown non-errors", async () => {
    const span = { file: "m.nn", start: 5, end: 6, line: 2, column: 3, endLine: 2, endColumn: 4 };
    const r = await run(["boom", "m.nn"], {}, false, [throwing(new InternalCompilerError("bad rank", span))]);
    expect(r.err.startsWith("error[E0900]: internal compiler error: bad rank\n  --> m.nn:2:3\n")).toBe(true);
    const odd = await run(["boom", "it's.nn"], {}, false, [throwing("a string")]);
    expect(odd.code).toBe(EXIT.internal);
    expect(odd.err).toContain("internal compiler error: a string\n  --> it's.nn\n");
    expect(odd.err).toContain("`NNC_DEBUG=1 nnc boom 'it'\\''s.nn'`");
  });
});
