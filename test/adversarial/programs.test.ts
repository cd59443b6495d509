/**
 * Hostile programs: nesting deep enough to overflow a recursive compiler, dims past what memory can
 * hold, deeply nested JSON feeds, and names that are special to JavaScript objects. Deep or huge inputs
 * end in a coded diagnostic (never a stack overflow or E0900) in every command; special names simply
 * work.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectCleanFailure, expectNoCrash, nnc, scratch } from "./harness.ts";

const head = "dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n";

function nestedBlocks(depth: number): string {
  const blocks = Array.from({ length: depth }, (_, i) => `block L${i}(v: f32[B, 3]) -> (o: f32[B, 3]) {\n  o = ${i === 0 ? "v" : `L${i - 1}(v)`}\n}\n`).join("");
  return `dim B\n${blocks}model M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  y = L${depth - 1}(x)\n}\n`;
}

/** Programs that must be refused (or, for nesting within the documented limits, compiled) cleanly. */
const DEEP: Record<string, string> = {
  "5,000 unary minus": `${head}  y = ${"-".repeat(5000)}x\n}\n`,
  "50,000 powers": `${head}  y = x${" ^ 1".repeat(50_000)}\n}\n`,
  "50,000 pipes": `${head}  y = x${" |> relu".repeat(50_000)}\n}\n`,
  "20,000 nested parentheses": `${head}  y = ${"(".repeat(20_000)}x${")".repeat(20_000)}\n}\n`,
  "2,000 nested block calls": nestedBlocks(2000),
};

const HUGE: Record<string, string> = {
  "a dim of 99999999999999999999": "model M(x: f32[99999999999999999999]) -> (y: f32[99999999999999999999]) {\n  y = x\n}\n",
  "a dim of 2^64": "model M(x: f32[18446744073709551616]) -> (y: f32[18446744073709551616]) {\n  y = x\n}\n",
  "a dim of 2^53 + 1": "model M(x: f32[9007199254740993]) -> (y: f32[9007199254740993]) {\n  y = x\n}\n",
  "a tensor of 2^40 elements": "model M(x: f32[1048576, 1048576]) -> (y: f32[1048576, 1048576]) {\n  y = x\n}\n",
};

describe("deep programs never overflow the compiler's stack", () => {
  for (const [name, text] of Object.entries(DEEP)) {
    it(`${name}: check, ir --grad, compile`, async () => {
      const dir = scratch("prog");
      writeFileSync(join(dir, "m.nn"), text);
      for (const args of [["check"], ["ir", "--grad"], ["compile", "-o", join(dir, "m.ts")]]) {
        const o = await nnc([args[0]!, join(dir, "m.nn"), ...args.slice(1)]);
        if (o.status === 0) expectNoCrash(o);
        else expectCleanFailure(o);
        expect(o.err).not.toMatch(/call stack/i);
      }
    });
  }
});

describe("dims past what memory can hold are diagnostics at check", () => {
  for (const [name, text] of Object.entries(HUGE)) {
    it(name, async () => {
      const dir = scratch("prog");
      writeFileSync(join(dir, "m.nn"), text);
      expectCleanFailure(await nnc(["check", join(dir, "m.nn")]));
      expectCleanFailure(await nnc(["eval", join(dir, "m.nn"), "--feed", join(dir, "none.json")]));
    });
  }
});

describe("deeply nested JSON feeds", () => {
  it("100,000 levels of brackets: a feed error, not a stack overflow", async () => {
    const dir = scratch("prog");
    writeFileSync(join(dir, "m.nn"), `${head}  y = x * 2\n}\n`);
    writeFileSync(join(dir, "feed.json"), `{"inputs": {"x": ${"[".repeat(100_000)}${"]".repeat(100_000)}}}`);
    for (const backend of ["ts", "interp"]) {
      expectCleanFailure(await nnc(["eval", join(dir, "m.nn"), "--feed", join(dir, "feed.json"), "--backend", backend]));
    }
  });
});

describe("names special to JavaScript objects are ordinary names", () => {
  const program = (input: string, param: string): string => `model M(${input}: f32[2]) -> (y: f32[2]) {\n  param ${param}: f32[2] = zeros()\n  y = ${input} * 3 + ${param}\n}\n`;
  const rows = { x: [1.5, -2] };
  for (const special of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
    it(`\`${special}\` as an input and as a param: the same numbers as plain names`, async () => {
      const dir = scratch("prog");
      writeFileSync(join(dir, "plain.nn"), program("x", "w"));
      writeFileSync(join(dir, "special.nn"), program(special, special === "__proto__" ? "constructor" : "__proto__"));
      writeFileSync(join(dir, "plain.json"), JSON.stringify({ inputs: rows, params: { w: [0.25, 0.5] } }));
      const param = special === "__proto__" ? "constructor" : "__proto__";
      writeFileSync(join(dir, "special.json"), `{"inputs": {"${special}": [1.5, -2]}, "params": {"${param}": [0.25, 0.5]}}`);
      for (const backend of ["ts", "interp"]) {
        const a = await nnc(["eval", join(dir, "plain.nn"), "--feed", join(dir, "plain.json"), "--backend", backend, "--dtype", "f64"]);
        const b = await nnc(["eval", join(dir, "special.nn"), "--feed", join(dir, "special.json"), "--backend", backend, "--dtype", "f64"]);
        expect(a.status, a.err).toBe(0);
        expect(b.status, b.err).toBe(0);
        const out = JSON.parse(b.out) as { outputs: Record<string, unknown> };
        expect(out.outputs["y"], b.out).toEqual([4.75, -5.5]);
        expect((JSON.parse(a.out) as { outputs: Record<string, unknown> }).outputs).toEqual(out.outputs);
      }
    });
  }
});
