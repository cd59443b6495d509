import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "@nnc/diagnostics";
import { renderInternalError } from "./internal-error.ts";

// eslint-disable-next-line no-control-regex -- these patterns exist to match control characters
const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
const HOSTILE = "m\u001b]52;c;aGk=\u0007\u2028\u202e.nn";

describe("the E0900 report never echoes user text raw", () => {
  for (const debug of [false, true]) {
    it(`escapes the file, the message, the command line${debug ? " and the stack" : ""}`, () => {
      const error = new Error(`cannot lower \`${HOSTILE}\``);
      const out = renderInternalError({ error, file: `dir/${HOSTILE}`, argv: ["check", `dir/${HOSTILE}`, "it's"], debug, color: false });
      expect(RAW_UNSAFE.test(out)).toBe(false);
      expect(out).toContain("  --> dir/m\\u{1b}]52;c;aGk=\\u{7}\\u{2028}\\u{202e}.nn\n");
      expect(out).toContain("internal compiler error: cannot lower `m\\u{1b}]52;c;aGk=\\u{7}\\u{2028}\\u{202e}.nn`");
      // A bash ANSI-C quoted word that pastes back as the same argument; plain quoting otherwise.
      expect(out).toContain(`NNC_DEBUG=1 nnc check $'dir/m\\x1b]52;c;aGk=\\x07\\u2028\\u202e.nn' 'it'\\''s'`);
    });
  }

  it("escapes the location of a span", () => {
    const span = { file: HOSTILE, start: 0, end: 1, line: 2, column: 3, endLine: 2, endColumn: 4 };
    const out = renderInternalError({ error: new InternalCompilerError("x", span), file: undefined, argv: [], debug: false, color: true });
    // eslint-disable-next-line no-control-regex -- nnc's own SGR codes, removed on purpose
    expect(out.replace(/\u001b\[(?:0|1|1;3[1-4])m/g, "")).not.toMatch(RAW_UNSAFE);
    expect(out).toContain("--> m\\u{1b}]52;c;aGk=\\u{7}\\u{2028}\\u{202e}.nn:2:3");
  });
});
