/**
 * Text from a program or the command line (names, types, rule names, file names) made inert in the
 * two output languages. Both functions are total: any string gives well-formed output.
 */

/**
 * Code points XML 1.0 does not allow in a document (C0 controls but tab, LF and CR; lone surrogates;
 * U+FFFE, U+FFFF): no escape makes them legal, so they become U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for XML character data or a double- or single-quoted attribute value. */
export function xmlText(s: string): string {
  return s
    .replace(NOT_XML, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

/**
 * A DOT quoted string, quotes included. Inside one, `\"` is a quote and `\\` a backslash; in a label
 * Graphviz reads `\n` as a line break (and `\l`, `\N`, `\G`… as escapes, which doubling the backslash
 * turns off). A CR or LF becomes `\n`, so a name can never end the line or the statement.
 */
export function dotString(s: string): string {
  const body = s
    .replaceAll("\\", "\\\\")
    .replaceAll('"', '\\"')
    .replace(/\r\n|\r|\n/g, "\\n")
    // eslint-disable-next-line no-control-regex -- C0 controls other than tab/LF/CR are replaced, by design
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "\uFFFD");
  return `"${body}"`;
}
