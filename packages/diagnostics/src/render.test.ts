import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { diagnostic, type Diagnostic, type DiagnosticInit } from "./diagnostic.ts";
import { renderDiagnostic, renderDiagnostics, renderSummary } from "./render.ts";
import { SourceFile, type Span } from "./span.ts";

const plain = { color: false };

/** The span of `length` code units at 1-based `line`:`column` of `src`. */
function at(src: SourceFile, line: number, column: number, length: number): Span {
  const start = (src.lineStarts[line - 1] ?? 0) + column - 1;
  return src.span(start, start + length);
}

/** The span of the `nth` occurrence (0-based) of `needle`. */
function find(src: SourceFile, needle: string, nth = 0): Span {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = src.text.indexOf(needle, start + 1);
  if (start < 0) throw new Error(`no ${needle}`);
  return src.span(start, start + needle.length);
}

function frame(text: string, d: (src: SourceFile) => Diagnostic): string {
  const src = new SourceFile("examples/bad.nn", text);
  return renderDiagnostic(d(src), src, plain);
}

const MLP = ["dim B", "", "model M(x: f32[B, 784]) -> (y: f32[B, 128]) {", "  param W1: f32[784, 128]", "  param b1: f32[64]", "", "", "", "  h = relu(x @ W1 + b1)", "  y = h", "}", ""].join("\n");

function shapeError(src: SourceFile, init: DiagnosticInit = {}): Diagnostic {
  return diagnostic("E0301", "cannot add f32[B, 128] and f32[64]", find(src, "b1", 1), {
    label: "f32[64]",
    labels: [{ span: find(src, "x @ W1"), message: "f32[B, 128]" }],
    notes: ["shapes broadcast from the right: 128 and 64 differ"],
    help: "did you mean `b1: f32[128]`?",
    ...init,
  });
}

describe("renderDiagnostic", () => {
  it("draws the primary caret, a secondary label on the same line, notes and help", () => {
    expect(frame(MLP, (src) => shapeError(src))).toBe(
      [
        "error[E0301]: cannot add f32[B, 128] and f32[64]",
        "  --> examples/bad.nn:9:21",
        "   |",
        " 9 |   h = relu(x @ W1 + b1)",
        "   |            ------   ^^ f32[64]",
        "   |            |",
        "   |            f32[B, 128]",
        "   |",
        "   = note: shapes broadcast from the right: 128 and 64 differ",
        "   = help: did you mean `b1: f32[128]`?",
        "",
      ].join("\n"),
    );
  });

  it("shows labels on other lines, eliding long gaps with ... and keeping a one-line gap", () => {
    const out = frame(MLP, (src) =>
      shapeError(src, { notes: [], help: undefined, labels: [{ span: find(src, "f32[64]"), message: "declared here" }, { span: find(src, "param W1"), message: "" }] }),
    );
    expect(out).toBe(
      [
        "error[E0301]: cannot add f32[B, 128] and f32[64]",
        "  --> examples/bad.nn:9:21",
        "   |",
        " 4 |   param W1: f32[784, 128]",
        "   |   --------",
        " 5 |   param b1: f32[64]",
        "   |             ------- declared here",
        "...",
        " 9 |   h = relu(x @ W1 + b1)",
        "   |                     ^^ f32[64]",
        "",
      ].join("\n"),
    );
    const near = frame("a\nb\nc\n", (src) => diagnostic("E0001", "m", at(src, 3, 1, 1), { labels: [{ span: at(src, 1, 1, 1), message: "here" }] }));
    expect(near).toContain(" 1 | a\n   | - here\n 2 | b\n 3 | c\n   | ^\n");
  });

  it("stacks three labels on one line, rightmost inline", () => {
    const out = frame("  y = foo(aa, bbb, c)\n", (src) =>
      diagnostic("E0101", "m", at(src, 1, 20, 1), {
        label: "third",
        labels: [
          { span: find(src, "aa"), message: "first" },
          { span: find(src, "bbb"), message: "second" },
        ],
      }),
    );
    expect(out).toBe(
      [
        "error[E0101]: m",
        "  --> examples/bad.nn:1:20",
        "   |",
        " 1 |   y = foo(aa, bbb, c)",
        "   |           --  ---  ^ third",
        "   |           |   |",
        "   |           |   second",
        "   |           first",
        "",
      ].join("\n"),
    );
  });

  it("shows the first line of a multi-line span followed by ...", () => {
    const text = "y = foo(a,\n        b)\n";
    const out = frame(text, (src) => diagnostic("E0201", "bad call", src.span(4, text.indexOf(")") + 1), { label: "this call" }));
    expect(out).toBe(["error[E0201]: bad call", "  --> examples/bad.nn:1:5", "   |", " 1 | y = foo(a,", "   |     ^^^^^^... this call", ""].join("\n"));
  });

  it("expands tabs to 4-column stops and keeps the caret under the token", () => {
    const out = frame("\tx =\tfoo\n", (src) => diagnostic("E0101", "unknown name `foo`", find(src, "foo"), { label: "not defined" }));
    expect(out).toContain(" 1 |     x = foo\n   |         ^^^ not defined\n");
  });

  it("puts a caret after the last character for an empty span at EOF and on an empty line", () => {
    const text = "model M() -> () {";
    const eof = frame(text, (src) => diagnostic("E0001", "expected `}`", src.span(text.length, text.length), { label: "file ends here" }));
    expect(eof).toContain(" 1 | model M() -> () {\n   |                  ^ file ends here\n");
    const trailing = frame("a\n", (src) => diagnostic("E0001", "expected more", src.span(2, 2)));
    expect(trailing).toBe(["error[E0001]: expected more", "  --> examples/bad.nn:2:1", "   |", " 2 |", "   | ^", ""].join("\n"));
  });

  it("shows a window of a very long line around the caret, elided with ... on both sides", () => {
    const text = "y = " + "a + ".repeat(5000) + "b";
    const src = new SourceFile("long.nn", text);
    const at = text.length - 4000;
    const out = renderDiagnostic(diagnostic("E0301", "bad", src.span(at, at + 1), { label: "here" }), src, { color: false });
    const [, , , code, carets] = out.split("\n");
    expect(code!.length).toBeLessThan(140);
    expect(code).toMatch(/^ 1 \| \.\.\.[a +]+\.\.\.$/);
    // The caret stays under the character it points at.
    const caretColumn = carets!.indexOf("^");
    expect(code![caretColumn]).toBe(text[at]);
    expect(carets!.slice(caretColumn)).toBe("^ here");
  });

  it("never writes the file's control characters to the terminal", () => {
    const src = new SourceFile("esc.nn", "y = x\u001b[31m\u0000 + \u009b1");
    const out = renderDiagnostic(diagnostic("E0001", "bad \u001b[2J", src.span(5, 6), { label: "odd \u0007" }), src, { color: false });
    for (const ch of out) {
      const c = ch.codePointAt(0) ?? 0;
      expect(c === 10 || (c >= 0x20 && c !== 0x7f && (c < 0x80 || c > 0x9f))).toBe(true);
    }
    expect(out).toContain(" 1 | y = x\\u{1b}[31m\\u{0} + \\u{9b}1");
    expect(out).toContain("error[E0001]: bad \\u{1b}[2J");
  });

  it("right-aligns line numbers to the widest one shown", () => {
    const text = Array.from({ length: 12 }, (_, i) => `l${i + 1}`).join("\n");
    const out = frame(text, (src) => diagnostic("E0001", "m", at(src, 10, 1, 3), { labels: [{ span: at(src, 9, 1, 2), message: "" }] }));
    expect(out).toBe(["error[E0001]: m", "   --> examples/bad.nn:10:1", "    |", "  9 | l9", "    | --", " 10 | l10", "    | ^^^", ""].join("\n"));
  });

  it("turns labels in another file into notes, and aligns multi-line notes", () => {
    const other: Span = { file: "lib.nn", start: 0, end: 1, line: 3, column: 2, endLine: 3, endColumn: 3 };
    const out = frame("x\n", (src) => diagnostic("E0001", "m", at(src, 1, 1, 1), { labels: [{ span: other, message: "defined here" }], notes: ["one\ntwo"], severity: "warning" }));
    expect(out).toBe(
      ["warning[E0001]: m", "  --> examples/bad.nn:1:1", "   |", " 1 | x", "   | ^", "   |", "   = note: defined here (at lib.nn:3:2)", "   = note: one", "           two", ""].join("\n"),
    );
  });

  it("colours only when asked, and the coloured text minus escapes equals the plain text", () => {
    const src = new SourceFile("examples/bad.nn", MLP);
    const d = shapeError(src);
    const coloured = renderDiagnostic(d, src, { color: true });
    expect(renderDiagnostic(d, src, plain)).not.toContain("\u001b[");
    expect(coloured).toContain("\u001b[1;31merror[E0301]\u001b[0m");
    expect(coloured).toContain("\u001b[1;31m^^\u001b[0m \u001b[1;31mf32[64]\u001b[0m");
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "")).toBe(renderDiagnostic(d, src, plain));
  });

  it("never throws and always draws a caret, for any text and span", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "\t", "\n", "\r\n", "é", "𝑥") }), fc.nat(), fc.nat(), (text, a, b) => {
        const src = new SourceFile("f.nn", text);
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        const out = renderDiagnostic(diagnostic("E0001", "m", src.span(start, end)), src, plain);
        expect(out.split("\n").filter((l) => /^ +\| *\^/.test(l))).toHaveLength(1);
      }),
    );
  });
});

describe("renderDiagnostics and renderSummary", () => {
  it("renders a diagnostic without a source as its header and notes, and separates diagnostics by a blank line", () => {
    const src = new SourceFile("a.nn", "x\n");
    const missing: Span = { file: "gone.nn", start: 0, end: 0, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const out = renderDiagnostics(
      [diagnostic("E0601", "cannot read `gone.nn`: no such file", missing, { help: "check the path" }), diagnostic("E0001", "m", at(src, 1, 1, 1))],
      new Map([["a.nn", src]]),
      plain,
    );
    expect(out).toBe(
      ["error[E0601]: cannot read `gone.nn`: no such file", "  = help: check the path", "", "error[E0001]: m", "  --> a.nn:1:1", "   |", " 1 | x", "   | ^", ""].join("\n"),
    );
  });

  it("counts errors and warnings in the summary line", () => {
    const src = new SourceFile("a.nn", "x");
    const e = diagnostic("E0001", "m", at(src, 1, 1, 1));
    const w = diagnostic("E0001", "m", at(src, 1, 1, 1), { severity: "warning" });
    const opts = { color: false, action: "check" };
    expect(renderSummary("a.nn", [e], opts)).toBe("error: could not check `a.nn` due to 1 previous error\n");
    expect(renderSummary("a.nn", [e, e, w], opts)).toBe("error: could not check `a.nn` due to 2 previous errors; 1 warning emitted\n");
    expect(renderSummary("a.nn", [w, w], opts)).toBe("warning: `a.nn` generated 2 warnings\n");
    expect(renderSummary("a.nn", [], opts)).toBe("");
  });
});
