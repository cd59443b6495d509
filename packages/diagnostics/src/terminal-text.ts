/**
 * User text (file paths, names, data specs, messages quoting them, source lines) made safe to write
 * to a terminal: every character that could act on the terminal or disguise the text is written as
 * `\u{HEX}` (lowercase hex code point, as the lexer's messages and Rust write it), everything else
 * is unchanged. Unsafe: C0 controls (ESC → `\u{1b}`, BEL → `\u{7}`, tab → `\u{9}`), DEL and C1
 * controls, the bidi marks U+061C, U+200E, U+200F, the line and paragraph separators and bidi
 * embeddings and overrides U+2028–U+202E, and the bidi isolates U+2066–U+2069.
 *
 * Backslashes are not escaped: this is for reading, not a round-trippable format. The runtime has its
 * own copy for generated programs (packages/runtime/src/terminal-text.ts).
 */

/** Whether the code point must never reach a terminal raw. */
export function isTerminalUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x61c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The visible escape of one character (a whole code point); safe characters unchanged. */
export function terminalChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (!isTerminalUnsafe(code)) return ch;
  return `\\u{${code.toString(16)}}`;
}

/** One-line user text (a path, a name, an argument): every unsafe character escaped, `\n` included. */
export function terminalText(text: string): string {
  let out = "";
  for (const ch of text) out += terminalChar(ch);
  return out;
}

/** Multi-line text (a message, a note): as `terminalText`, but line breaks stay line breaks. */
export function terminalLines(text: string): string {
  return text.split("\n").map(terminalText).join("\n");
}
