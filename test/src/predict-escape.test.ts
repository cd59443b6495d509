import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordingIo, runCli } from "@nnc/cli";
import { describe, expect, it } from "vitest";

const MODEL = `dim B
model Tiny(x: f32[B, 2]) -> (logits: f32[B, 3]) {
  param W: f32[2, 3] = glorot_uniform()
  param b: f32[3]    = zeros()
  logits = x @ W + b
}
train Tiny {
  input label: i32[B]
  loss      = mean(cross_entropy(logits, label))
  optimizer = adam(lr = 0.1)
  data      = csv("hostile.csv", val = 0)
  batch     = 8
  epochs    = 20
  seed      = 1
}
`;

/** Class names that break a TSV line or reach the terminal as control sequences when printed raw. */
const NAMES = ["a\tb", "\u001b[31mred", "bel\u0007"];

/** Control characters other than the TSV's own tab and newline, by code. */
function controls(s: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) found.push(c);
  }
  return found;
}

describe("nnc predict prints class names escaped", () => {
  it("keeps one TSV field per class name and no control character on the terminal; --json stays exact", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnc-predict-escape-"));
    const rows = Array.from({ length: 30 }, (_, i) => {
      const c = i % 3;
      return `${c * 2 + (i % 5) / 10},${-c + (i % 7) / 10},"${NAMES[c]!}"`;
    });
    const csv = join(dir, "hostile.csv");
    writeFileSync(csv, `u,v,label\n${rows.join("\n")}\n`);
    const nn = join(dir, "tiny.nn");
    writeFileSync(nn, MODEL);
    const ckpt = join(dir, "tiny.ckpt");
    const train = recordingIo();
    expect(await runCli(["train", nn, "--save", ckpt], train)).toBe(0);

    const text = recordingIo();
    expect(await runCli(["predict", nn, "--checkpoint", ckpt, "--input", csv], text)).toBe(0);
    const out = text.out.join("");
    const lines = out.trimEnd().split("\n");
    expect(lines.length).toBe(30);
    for (const line of lines) expect(line.split("\t").length).toBe(2);
    expect(controls(out)).toEqual([]);
    const printed = new Set(lines.map((l) => l.split("\t")[1]!));
    for (const p of printed) expect(["a\\tb", "\\x1b[31mred", "bel\\x07"]).toContain(p);
    expect(controls(text.err.join(""))).toEqual([]);

    const json = recordingIo();
    expect(await runCli(["predict", nn, "--checkpoint", ckpt, "--input", csv, "--json"], json)).toBe(0);
    const records = json.out.join("").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    const names = new Set(records.slice(0, -1).map((r) => r["className"]));
    for (const n of names) expect(NAMES).toContain(n);
    expect(records.at(-1)!["count"]).toBe(30);
  });
});
