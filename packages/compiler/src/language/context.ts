/** Where the cursor is, read from the text itself (the AST of a half-typed line is not to be trusted). */
import type { Item } from "@nnc/syntax";
import type { Analysis } from "./analysis.ts";

/** The top-level item around `offset`: the last one that starts before it, when the cursor is not past its end by a blank line. */
export function itemAt(a: Analysis, offset: number): Item | undefined {
  let found: Item | undefined;
  for (const item of a.check.ast.items) if (item.span.start <= offset) found = item;
  if (found === undefined) return undefined;
  return offset <= found.span.end || !/\n\s*\n/.test(a.text.slice(found.span.end, offset)) ? found : undefined;
}

/** The identifier characters just before `offset` (what the user is typing). */
export function wordBefore(text: string, offset: number): string {
  let i = offset;
  while (i > 0 && /[A-Za-z0-9_]/.test(text[i - 1] ?? "")) i--;
  return text.slice(i, offset);
}

/** The text of the line before `offset`, comments excluded. */
export function linePrefix(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return text.slice(start, offset);
}

export interface OpenCall {
  readonly callee: string;
  /** 0-based index of the argument the cursor is in. */
  readonly argIndex: number;
  /** The name of a named argument being written (`out = |`), if any. */
  readonly named?: string;
}

/** The innermost call whose `(` is open before `offset` on the same statement (brackets, strings and comments respected). */
export function openCall(text: string, offset: number): OpenCall | undefined {
  const start = Math.max(0, offset - 2000);
  const stack: { open: string; at: number; commas: number[] }[] = [];
  let i = start;
  while (i < offset) {
    const c = text[i] ?? "";
    if (c === "#") {
      const nl = text.indexOf("\n", i);
      if (nl < 0 || nl >= offset) break;
      i = nl;
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0 || close >= offset) return undefined;
      i = close;
    } else if (c === "(" || c === "[") stack.push({ open: c, at: i, commas: [] });
    else if (c === ")" || c === "]") stack.pop();
    else if (c === "," && stack.length > 0) stack.at(-1)?.commas.push(i);
    i++;
  }
  const top = stack.at(-1);
  if (top === undefined || top.open !== "(") return undefined;
  const callee = wordBefore(text, top.at);
  if (callee === "") return undefined;
  const argStart = (top.commas.at(-1) ?? top.at) + 1;
  const named = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/.exec(text.slice(argStart, offset))?.[1];
  return { callee, argIndex: top.commas.length, ...(named === undefined ? {} : { named }) };
}
