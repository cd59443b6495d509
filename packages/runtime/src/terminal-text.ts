/**
 * User text (a path, a data spec, a model name) made safe to write to a terminal: C0 controls, DEL,
 * C1 controls, the bidi marks U+061C, U+200E, U+200F, the separators and bidi controls U+2028–U+202E
 * and the isolates U+2066–U+2069 become `\u{HEX}` (ESC → `\u{1b}`); nothing else changes. The
 * runtime's copy of `terminalText` of @nnc/diagnostics (inlined into generated programs, which cannot
 * import it); test/src/terminal-safety.test.ts checks that the two agree.
 */
export function terminalText(text: string): string {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x61c || code === 0x200e || code === 0x200f;
    const layout = (code >= 0x2028 && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    out += control || layout ? `\\u{${code.toString(16)}}` : c;
  }
  return out;
}
