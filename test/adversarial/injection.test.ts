/**
 * Code injection: user text (the .nn path, strings and comments in the file) carrying every character
 * that can end a JavaScript comment, string or line, in every context where user text reaches generated
 * code. The generated program must parse, have exactly the statements a benign program has, contain no
 * raw control or bidi character, and running it (importing it, training with it) must execute nothing
 * of the attacker's.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { expectCleanFailure, nnc, scratch, spiralModel, type Outcome } from "./harness.ts";

/** Each character that ends or escapes something in JavaScript source, or fools a reader's terminal. */
export const DANGEROUS: Readonly<Record<string, string>> = {
  "line-separator": "\u2028",
  "paragraph-separator": "\u2029",
  "block-comment-end": "*/",
  backtick: "`",
  "template-hole": "${",
  "single-quote": "'",
  "double-quote": '"',
  backslash: "\\",
  nul: "\u0000",
  escape: "\u001b[31m",
  newline: "\n",
  "carriage-return": "\r",
  "bidi-override": "\u202e",
};

/** Code that, if it ever runs, leaves a mark on the global object. */
const PAYLOAD = "globalThis.__nncPwned=1;";

/** Characters generated code must never contain raw (a tab and a newline are fine). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function pwned(): boolean {
  return (globalThis as { __nncPwned?: unknown }).__nncPwned !== undefined;
}

function topLevelStatements(code: string, file: string): number {
  const out = ts.transpileModule(code, { reportDiagnostics: true, fileName: file, compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
  const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(errors, `${file} does not parse`).toEqual([]);
  return ts.createSourceFile(file, code, ts.ScriptTarget.ES2022, false, file.endsWith(".ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS).statements.length;
}

let counter = 0;

afterEach(() => {
  delete (globalThis as { __nncPwned?: unknown }).__nncPwned;
});

/** Compiles `src` to `target`; the outcome and the path written. */
async function compile(src: string, dir: string, target: "ts" | "js"): Promise<{ o: Outcome; out: string }> {
  const out = join(dir, `out${++counter}.${target === "ts" ? "ts" : "mjs"}`);
  return { o: await nnc(["compile", src, "-o", out, "--target", target]), out };
}

/**
 * The top-level statements of the program made with the harmless character, by context and target:
 * `make("_")` gives the same program for every character, so it is compiled once per context.
 */
const benignStatements = new Map<string, number>();

async function benignCount(context: string, make: (c: string) => string, dir: string, target: "ts" | "js"): Promise<number> {
  const key = `${context} ${target}`;
  let n = benignStatements.get(key);
  if (n === undefined) {
    const benign = await compile(make("_"), dir, target);
    expect(benign.o.status, benign.o.err).toBe(0);
    benignStatements.set(key, (n = topLevelStatements(readFileSync(benign.out, "utf8"), benign.out)));
  }
  return n;
}

/**
 * Compiles `make(ch)` to both targets: either a clean refusal (a coded diagnostic) or programs that
 * parse to as many top-level statements as the same program made with a harmless character (in the
 * same `context`), hold no raw dangerous character, and import without running the payload.
 */
async function expectSafeCompile(context: string, make: (c: string) => string, ch: string, dir: string): Promise<"compiled" | "refused"> {
  const src = make(ch);
  for (const target of ["ts", "js"] as const) {
    const evil = await compile(src, dir, target);
    if (evil.o.status !== 0) {
      expectCleanFailure(evil.o);
      return "refused";
    }
    const code = readFileSync(evil.out, "utf8");
    expect(RAW_FORBIDDEN.exec(code)?.[0], `raw dangerous character in ${evil.out}`).toBeUndefined();
    expect(topLevelStatements(code, evil.out), `statements of ${evil.out}`).toBe(await benignCount(context, make, dir, target));
    if (target === "js") {
      const mod = (await import(pathToFileURL(evil.out).href)) as { PROGRAM: { source: string } };
      expect(pwned()).toBe(false);
      // The program names its source relative to its own folder, never by the compiling machine's path.
      expect(mod.PROGRAM.source).toBe(relative(dirname(evil.out), src).split(sep).join("/"));
    }
  }
  return "compiled";
}

describe("user text in every context of generated code", () => {
  for (const [name, ch] of Object.entries(DANGEROUS)) {
    // Paths cannot hold NUL; every other character can (a `/` separates folders, so `*/` spans two).
    const inPath = ch !== "\u0000";

    if (inPath) it(`${name} in the folder of the .nn file: compile and train run nothing`, async () => {
      const root = scratch("inj");
      const make = (c: string): string => {
        const dir = join(root, `x${c}${PAYLOAD}${c}1`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "m.nn"), spiralModel());
        return join(dir, "m.nn");
      };
      expect(await expectSafeCompile("folder", make, ch, root)).toBe("compiled");
      const trained = await nnc(["train", make(ch), "--epochs", "1", "--json"]);
      expect(trained.status, trained.err).toBe(0);
      expect(pwned()).toBe(false);
    });

    if (inPath) it(`${name} in the .nn file name`, async () => {
      const dir = scratch("inj");
      const make = (c: string): string => {
        const src = join(dir, `m${c}${PAYLOAD}${c}.nn`);
        mkdirSync(dirname(src), { recursive: true });
        writeFileSync(src, spiralModel());
        return src;
      };
      expect(await expectSafeCompile("file name", make, ch, dir)).toBe("compiled");
    });

    it(`${name} in the train section's strings (data path and label name)`, async () => {
      const dir = scratch("inj");
      const make = (c: string): string => {
        const src = join(dir, `m${c === "_" ? "-benign" : ""}.nn`);
        const evil = `d${c}${PAYLOAD}${c}`.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
        writeFileSync(src, spiralModel(`csv("${evil}.csv", label = "${evil}")`));
        return src;
      };
      await expectSafeCompile("train strings", make, ch, dir);
    });

    it(`${name} in a comment on a line the backward pass quotes, and in a doc comment`, async () => {
      const dir = scratch("inj");
      const make = (c: string): string => {
        const src = join(dir, `m${c === "_" ? "-benign" : ""}.nn`);
        const text = spiralModel()
          .replace("logits = x @ W + b", `logits = x @ W + b  # ${c}${PAYLOAD}${c}`)
          .replace("model M", `## ${c}${PAYLOAD}${c}\nmodel M`);
        writeFileSync(src, text);
        return src;
      };
      await expectSafeCompile("comments", make, ch, dir);
    });
  }
});
