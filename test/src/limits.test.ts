/**
 * Every documented limit of the language (docs/language.md, "Limits") is a coded diagnostic in every
 * command that reads a `.nn` file: check, ir, grad, compile and train all exit 1 with the code and
 * the file's line, never an internal error (E0900), a stack trace or "Invalid typed array length".
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";

const dir = mkdtempSync(join(tmpdir(), "nnc-limits-"));

const spirals = (settings: string): string =>
  `dim B\nmodel S(x: f32[B, 2]) -> (logits: f32[B, 2]) {\n  param W: f32[2, 2]\n  logits = x @ W\n}\ntrain S {\n  input label: i32[B]\n  loss = mean(cross_entropy(logits, label))\n  optimizer = adam()\n${settings}}\n`;
const body = (expr: string): string => `dim B\nmodel M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = ${expr}\n}\n`;

function blockChain(n: number): string {
  const blocks = ["block L0(v: f32[B, 2]) -> f32[B, 2] {\n  return relu(v)\n}\n"];
  for (let i = 1; i < n; i++) blocks.push(`block L${i}(v: f32[B, 2]) -> f32[B, 2] {\n  return L${i - 1}(v)\n}\n`);
  return `dim B\n${blocks.join("")}model M(x: f32[B, 2]) -> (y: f32[B, 2]) {\n  y = L${n - 1}(x)\n}\n`;
}

/** The cases of issue 9, class 6, with the code each must give. */
const CASES: readonly (readonly [name: string, text: string, code: string])[] = [
  ["batch = 1e12", spirals("  batch = 1e12\n"), "E0407"],
  ["spirals(n = 1e12)", spirals("  data = spirals(n = 1e12)\n"), "E0411"],
  ["a dim of 99999999999999999999", body("x").replace("f32[B, 2]) {", "f32[B, 99999999999999999999]) {"), "E0314"],
  ["a dim of 2^64", body("x").replace("(x: f32[B, 2])", "(x: f32[B, 18446744073709551616])"), "E0314"],
  ["a tensor of 10^10 elements", body("x").replace("f32[B, 2]) {", "f32[100000, 100000]) {"), "E0315"],
  ["5,000 unary minus", body("-".repeat(5000) + "x"), "E0026"],
  ["50,000 powers", body("x" + " ^ x".repeat(50000)), "E0026"],
  ["50,000 pipes", body("x" + " |> relu".repeat(50000)), "E0026"],
  ["a dimension of 50,000 terms", body("x").replace("(x: f32[B, 2])", `(x: f32[B, ${Array(50000).fill("1").join(" + ")}])`), "E0026"],
  ["2,000 nested block calls", blockChain(2000), "E0316"],
];

const COMMANDS: readonly (readonly string[])[] = [["check"], ["ir"], ["grad"], ["compile", "-o", join(dir, "out.ts")], ["train", "--epochs", "1"]];

describe("limits are diagnostics in every command", { timeout: 300_000 }, () => {
  for (const [name, text, code] of CASES) {
    it(`${name}: ${code}, exit 1, in check, ir, grad, compile and train`, async () => {
      const file = join(dir, `${name.replace(/[^a-z0-9]+/gi, "-")}.nn`);
      writeFileSync(file, text);
      for (const [cmd, ...opts] of COMMANDS) {
        const io = recordingIo({ NO_COLOR: "1" });
        const status = await runCli([cmd!, file, ...opts], io);
        const err = io.err.join("");
        expect(status, `${cmd!}: ${err.slice(0, 400)}`).toBe(1);
        expect(err, cmd).toMatch(new RegExp(`^error\\[${code}\\]: .*\\n +--> ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+\\n`, "m"));
        expect(err, cmd).not.toMatch(/E0900|\n\s+at .*:\d+:\d+\)?\n|Invalid typed array length|call stack/);
      }
    });
  }
});

describe("a compiled program checks its memory plan at its own batch", () => {
  it("`node train.mjs --batch 1e9` is E0667 before it loads data or allocates; --max-memory is honoured", async () => {
    const program = join(dir, "spirals.mjs");
    const io = recordingIo({ NO_COLOR: "1" });
    expect(await runCli(["compile", join(import.meta.dirname, "..", "..", "examples", "spirals.nn"), "--target", "js", "-o", program], io)).toBe(0);
    const big = spawnSync(process.execPath, [program, "--batch", "1e9"], { encoding: "utf8" });
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/^error\[E0667\]: `Spiral` needs [\d.]+ GiB at batch 1000000000, more than the memory limit of /);
    expect(big.stderr).not.toMatch(/training Spiral|\n\s+at /);
    const small = spawnSync(process.execPath, [program, "--max-memory", "4K", "--epochs", "1"], { encoding: "utf8" });
    expect(small.status).toBe(1);
    expect(small.stderr).toMatch(/^error\[E0667\]: `Spiral` needs [\d.]+ KiB at batch 32, more than the memory limit of 4\.00 KiB/);
  });
});
