/**
 * A strict well-formedness check for the XML the SVG renderer writes (for its tests): an optional
 * declaration, then elements whose attributes are double-quoted, text without `<` and with `&` only
 * in the five predefined entities or a numeric reference, every element closed in order, one root.
 * Returns the problems found (none: well-formed).
 */
const NAME = "[A-Za-z_][\\w.:-]*";
const VALUE = `"(?:[^"<&]|&(?:amp|lt|gt|quot|apos|#\\d+|#x[0-9a-fA-F]+);)*"`;
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}=${VALUE})*)\\s*(/?)>`);
const TEXT = /^(?:[^<&]|&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)*/;

export function xmlProblems(doc: string): string[] {
  let rest = doc.replace(/^<\?xml [^?<>]*\?>\n?/, "");
  const open: string[] = [];
  let roots = 0;
  const problems: string[] = [];
  while (rest.length > 0) {
    const text = TEXT.exec(rest)![0];
    if (text.trim() !== "" && open.length === 0) problems.push(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
    rest = rest.slice(text.length);
    if (rest.length === 0) break;
    const m = TAG.exec(rest);
    if (m === null) {
      problems.push(`not a tag or text: ${JSON.stringify(rest.slice(0, 40))}`);
      break;
    }
    const [whole, close, name, , selfClose] = m;
    if (close === "/") {
      const top = open.pop();
      if (top !== name) problems.push(`</${name ?? ""}> closes <${top ?? "nothing"}>`);
    } else {
      if (open.length === 0) roots++;
      if (selfClose !== "/") open.push(name!);
    }
    rest = rest.slice(whole.length);
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(" > ")}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
