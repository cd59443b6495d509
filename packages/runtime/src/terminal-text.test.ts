import { describe, expect, it } from "vitest";
import { DataError, formatDataError } from "./data-error.ts";
import { formatInternalProgramError } from "./error-boundary.ts";
import { jsonReporter, renderProgress } from "./progress.ts";
import { terminalText } from "./terminal-text.ts";

/** Control, separator and bidi characters that must not reach a terminal raw (line feed allowed). */
// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

/** ESC (clear screen, OSC 52 clipboard write), BEL, C1 CSI, both separators, an override and an isolate. */
const HOSTILE = "d\u001b[2J\u001b]52;c;aGk=\u0007\u009b1m\u2028\u2029\u202e\u2066/x.csv";
const ESCAPED = "d\\u{1b}[2J\\u{1b}]52;c;aGk=\\u{7}\\u{9b}1m\\u{2028}\\u{2029}\\u{202e}\\u{2066}/x.csv";

describe("the runtime's terminal text", () => {
  it("escapes each unsafe character visibly and leaves the rest", () => {
    expect(terminalText(HOSTILE)).toBe(ESCAPED);
    expect(terminalText("a\tb\nc\r\u0000\u007f\u0085\u061c\u200e\u200f\u2069")).toBe("a\\u{9}b\\u{a}c\\u{d}\\u{0}\\u{7f}\\u{85}\\u{61c}\\u{200e}\\u{200f}\\u{2069}");
    expect(terminalText("C:\\data\\é × 🧠.csv")).toBe("C:\\data\\é × 🧠.csv");
  });

  it("progress messages (the `training … on SPEC` and `saved PATH` lines) are escaped, on a TTY or not, and with --json", () => {
    for (const isTTY of [true, false]) {
      const out: string[] = [];
      const r = renderProgress((s) => out.push(s), isTTY, 1, 1, () => 0);
      r.step(1, 1, 2, 0.1, 1);
      r.message(`training M on csv("${HOSTILE}")`);
      // nnc's own redraw codes: carriage return and erase-to-end-of-line.
      const text = out.join("").replaceAll("\u001b[K", "").replaceAll("\r", "");
      expect(RAW_UNSAFE.test(text)).toBe(false);
      expect(text).toContain(`training M on csv("${ESCAPED}")\n`);
    }
    const err: string[] = [];
    jsonReporter(() => undefined, (s) => err.push(s)).message(`saved ${HOSTILE}`);
    expect(err).toEqual([`saved ${ESCAPED}\n`]);
  });

  it("a generated program's data and internal errors are escaped", () => {
    const text = formatDataError(new DataError("E0623", `cannot read \`${HOSTILE}\``, { help: `check ${HOSTILE}\nand retry` }));
    expect(RAW_UNSAFE.test(text)).toBe(false);
    expect(text).toBe(`error[E0623]: cannot read \`${ESCAPED}\`\nhelp: check ${ESCAPED}\nand retry\n`);
    const internal = formatInternalProgramError(new Error(`boom ${HOSTILE}`), false);
    expect(RAW_UNSAFE.test(internal)).toBe(false);
    expect(internal).toContain(`boom ${ESCAPED}`);
  });
});
