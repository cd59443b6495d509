import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { diagnostic } from "./diagnostic.ts";
import { renderDiagnostic, renderDiagnosticWithoutSource, renderDiagnostics, renderSummary } from "./render.ts";
import { SourceFile, type Span } from "./span.ts";
import { terminalLines, terminalText } from "./terminal-text.ts";

/** Every character class that must not reach a terminal raw (written out independently of the module). */
// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const RAW_UNSAFE_OR_LF = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** nnc's own SGR colour codes (render-canvas.ts STYLE and the reset), the only escapes it may write. */
const OWN_SGR = ["\u001b[1m", "\u001b[1;31m", "\u001b[1;33m", "\u001b[1;32m", "\u001b[1;34m", "\u001b[0m"];

function withoutOwnColour(text: string): string {
  return OWN_SGR.reduce((t, sgr) => t.replaceAll(sgr, ""), text);
}

/** A clear screen, an OSC 52 clipboard write, BEL, NUL, CR, CSI as C1, NEL, both separators, every bidi control. */
const HOSTILE = "a\u001b[2Jb\u001b]52;c;aGVsbG8=\u0007c\u0000d\re\u009b31mf\u0085g\u2028h\u2029i\u202aj\u202bk\u202cl\u202dm\u202en\u2066o\u2067p\u2068q\u2069r\u061cs\u200et\u200fu";

describe("terminalText", () => {
  it("writes each unsafe character as one visible escape", () => {
    expect(terminalText("\u001b[2J")).toBe("\\u{1b}[2J");
    expect(terminalText("\u001b]52;c;aGk=\u0007")).toBe("\\u{1b}]52;c;aGk=\\u{7}");
    expect(terminalText("\u0000\u007f\u009b\u0085")).toBe("\\u{0}\\u{7f}\\u{9b}\\u{85}");
    expect(terminalText("a\tb\nc\rd")).toBe("a\\u{9}b\\u{a}c\\u{d}d");
    expect(terminalText("\u2028\u2029\u202e\u2066\u2069\u061c\u200f")).toBe("\\u{2028}\\u{2029}\\u{202e}\\u{2066}\\u{2069}\\u{61c}\\u{200f}");
  });

  it("leaves ordinary text alone, backslashes and non-ASCII included", () => {
    expect(terminalText("C:\\models\\mlp × 2 — é 🧠.nn")).toBe("C:\\models\\mlp × 2 — é 🧠.nn");
  });

  it("terminalLines keeps line breaks and escapes the rest", () => {
    expect(terminalLines("one\u001b[2J\ntwo\u2028")).toBe("one\\u{1b}[2J\ntwo\\u{2028}");
  });

  it("never leaves an unsafe character, and changes only strings that had one", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const t = terminalText(s);
        return !RAW_UNSAFE_OR_LF.test(t) && (t === s) === !RAW_UNSAFE_OR_LF.test(s);
      }),
      { numRuns: 500 },
    );
  });
});

describe("rendered diagnostics never carry user control, separator or bidi characters", () => {
  const file = `models/${HOSTILE}/m.nn`;
  const src = new SourceFile(file, `x = 1\ny = x ${HOSTILE} + 1\n`);
  const other: Span = { file: `lib${HOSTILE}.nn`, start: 0, end: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
  const d = diagnostic("E0001", `unknown name \`${HOSTILE}\``, src.span(6, 11), {
    label: `label ${HOSTILE}`,
    labels: [{ span: src.span(0, 1), message: `first ${HOSTILE}` }, { span: other, message: `elsewhere ${HOSTILE}` }],
    notes: [`note ${HOSTILE}`],
    help: `help ${HOSTILE}`,
  });

  for (const color of [false, true]) {
    it(`in the code frame, the --> line, labels, notes and the summary (color ${color})`, () => {
      const out = renderDiagnostics([d], new Map([[file, src]]), { color }) + renderSummary(file, [d], { color, action: "check" });
      expect(RAW_UNSAFE.test(withoutOwnColour(out))).toBe(false);
      expect(withoutOwnColour(out)).toContain(`--> models/a\\u{1b}[2Jb\\u{1b}]52;c;aGVsbG8=\\u{7}c\\u{0}d\\u{d}e\\u{9b}31mf\\u{85}g\\u{2028}h\\u{2029}i\\u{202a}j`);
      expect(out).toContain("\\u{202e}");
      expect(out).toContain(`lib${terminalText(HOSTILE)}.nn:1:1`);
      expect(out).toContain(`could not check \`${terminalText(file)}\``);
    });
  }

  it("without source (an unreadable file)", () => {
    const out = renderDiagnosticWithoutSource(d, { color: false });
    expect(RAW_UNSAFE.test(out)).toBe(false);
    expect(out).toContain("unknown name `a\\u{1b}[2Jb");
  });

  it("keeps the caret under the character it points at when escapes widen the line", () => {
    const s = new SourceFile("m.nn", "y = \u001b\u202e + q");
    const out = renderDiagnostic(diagnostic("E0001", "m", s.span(9, 10), { label: "here" }), s, { color: false });
    const lines = out.split("\n");
    const code = lines.find((l) => l.startsWith(" 1 |"))!;
    const carets = lines[lines.indexOf(code) + 1]!;
    expect(code).toBe(" 1 | y = \\u{1b}\\u{202e} + q");
    expect(code[carets.indexOf("^")]).toBe("q");
  });
});
