import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIo, runCli } from "@nnc/cli";
import { terminalText as diagnosticsTerminalText } from "@nnc/diagnostics";
import { terminalText as runtimeTerminalText } from "@nnc/runtime/core";

/**
 * Issue 9, classes 1 and 11 on the terminal side: user text (a folder name holding ESC, an OSC 52
 * clipboard write, BEL, U+2028 and a right-to-left override) never reaches stdout or stderr raw; it
 * shows as `\u{1b}`, `\u{7}`, `\u{2028}`, `\u{202e}`. JSON output keeps the exact path.
 */
// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

const HOSTILE_NAME = "evil\u001b[2J\u001b]52;c;aGk=\u0007\u2028\u202e\u2066";
const SHOWN_NAME = "evil\\u{1b}[2J\\u{1b}]52;c;aGk=\\u{7}\\u{2028}\\u{202e}\\u{2066}";
const root = mkdtempSync(join(tmpdir(), "nnc-term-"));
const dir = join(root, HOSTILE_NAME);
mkdirSync(dir);
const shownDir = join(root, SHOWN_NAME);

const spiral = readFileSync(join(import.meta.dirname, "..", "..", "examples", "spirals.nn"), "utf8");
writeFileSync(join(dir, "ok.nn"), spiral);
writeFileSync(join(dir, "bad.nn"), "dim B\nmodel M(x: f32[B, 3]) -> (y: f32[B, 3]) {\n  y = x + nope\n}\n");
writeFileSync(join(dir, "d.csv"), `x1,x2,label\n${Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`).join("\n")}\n`);
writeFileSync(join(dir, "broken.csv"), "x1,x2,label\n0.1,0.2,0\n0.3,oops,1\n");

/** A `csv("…")` spec: a bare file name cannot hold U+2028 (the spec reader takes it for a space). */
function csvSpec(name: string): string {
  return `csv("${join(dir, name)}")`;
}

interface Run {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

async function nnc(args: readonly string[], color = false): Promise<Run> {
  const io = recordingIo(color ? { FORCE_COLOR: "1" } : { NO_COLOR: "1" });
  const status = await runCli([...args], io);
  return { status, out: io.out.join(""), err: io.err.join("") };
}

/** Text with nnc's own colour codes (and only those) removed. */
function withoutOwnColour(text: string): string {
  // eslint-disable-next-line no-control-regex -- nnc's own SGR codes, removed on purpose
  return text.replace(/\u001b\[(?:0|1|1;3[1-4])m/g, "");
}

function expectNoRawUnsafe(r: Run): void {
  expect(RAW_UNSAFE.test(withoutOwnColour(r.out))).toBe(false);
  expect(RAW_UNSAFE.test(withoutOwnColour(r.err))).toBe(false);
  expect(r.err).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
}

describe("nothing nnc prints carries a raw control, separator or bidi character from a path", () => {
  it("check: the `ok` line on stdout", async () => {
    const r = await nnc(["check", join(dir, "ok.nn")]);
    expect(r.status).toBe(0);
    expectNoRawUnsafe(r);
    expect(r.out).toContain(`${join(shownDir, "ok.nn")}: ok`);
  });

  for (const color of [false, true]) {
    it(`check: the --> line and the summary of a program error (colour ${color})`, async () => {
      const r = await nnc(["check", join(dir, "bad.nn")], color);
      expect(r.status).toBe(1);
      expectNoRawUnsafe(r);
      const plain = withoutOwnColour(r.err);
      expect(plain).toContain(`--> ${join(shownDir, "bad.nn")}:3:11`);
      expect(plain).toContain(`could not check \`${join(shownDir, "bad.nn")}\``);
    });
  }

  it("check: an unreadable file", async () => {
    const r = await nnc(["check", join(dir, "missing.nn")]);
    expect(r.status).toBe(2);
    expectNoRawUnsafe(r);
    expect(r.err).toContain(join(shownDir, "missing.nn"));
  });

  it("check --json keeps the exact path", async () => {
    const r = await nnc(["check", "--json", join(dir, "bad.nn")]);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.out) as { diagnostics: { file: string }[] };
    expect(json.diagnostics[0]?.file).toBe(join(dir, "bad.nn"));
  });

  it("train: the `training … on SPEC` and `saved PATH` lines", async () => {
    const save = join(dir, "m.ckpt");
    const r = await nnc(["train", join(dir, "ok.nn"), "--epochs", "1", "--data", csvSpec("d.csv"), "--save", save]);
    expect(r.status).toBe(0);
    expectNoRawUnsafe(r);
    // The spec is shown in its own quoted syntax (C0 as `\u001b`); what that leaves raw is escaped.
    expect(r.err).toMatch(/^training Spiral on csv\(".*evil\\u001b\[2J.*\\u\{2028\}\\u\{202e\}\\u\{2066\}\/d\.csv"\)/m);
    expect(r.err).toContain(`saved ${join(shownDir, "m.ckpt")}`);
    expect(readFileSync(save).length).toBeGreaterThan(0);
  });

  it("train: a data error located in a file of that folder", async () => {
    const r = await nnc(["train", join(dir, "ok.nn"), "--epochs", "1", "--data", csvSpec("broken.csv")]);
    expect(r.status).toBe(1);
    expectNoRawUnsafe(r);
    expect(r.err).toContain(join(shownDir, "broken.csv"));
  });

  it("compile: the `wrote PATH` line", async () => {
    const r = await nnc(["compile", join(dir, "ok.nn"), "-o", join(dir, "out.ts")]);
    expect(r.status).toBe(0);
    expectNoRawUnsafe(r);
    expect(r.err).toContain(`wrote ${join(shownDir, "out.ts")}`);
  });

  it("fmt --check: the diff's file names and source lines (a comment holding ESC and an OSC 52 write)", async () => {
    writeFileSync(join(dir, "messy.nn"), `dim  B  # ${HOSTILE_NAME}\n`);
    const r = await nnc(["fmt", "--check", join(dir, "messy.nn")]);
    expect(r.status).toBe(1);
    expectNoRawUnsafe(r);
    expect(r.out).toContain(`--- ${join(shownDir, "messy.nn")}\n+++ ${join(shownDir, "messy.nn")} (formatted)\n`);
    expect(r.out).toContain(`\n-dim  B  # ${SHOWN_NAME}\n+dim B  # ${SHOWN_NAME}\n`);
  });

  it("a usage error quoting the argument", async () => {
    const r = await nnc(["check", `--${HOSTILE_NAME}`]);
    expect(r.status).toBe(2);
    expectNoRawUnsafe(r);
    expect(r.err).toContain("E0610");
    expect(r.err).toContain(SHOWN_NAME);
  });
});

describe("the runtime's copy of terminalText agrees with @nnc/diagnostics", () => {
  it("on every character class", () => {
    const all = Array.from({ length: 0x2100 }, (_, i) => String.fromCodePoint(i)).join("") + "\u{1f9e0}\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff";
    expect(runtimeTerminalText(all)).toBe(diagnosticsTerminalText(all));
    expect(RAW_UNSAFE.test(diagnosticsTerminalText(all))).toBe(false);
  });
});
