/** Shared by the tests: parsing a string, and compact renderings of spans and expressions. */
import { SourceFile } from "@nnc/diagnostics";
import type { Span } from "@nnc/diagnostics";
import type { DimExpr, Expr, IndexItem } from "./ast.ts";
import { parse } from "./parse.ts";
import type { ParseResult } from "./parse.ts";

export function parseText(text: string, name = "test.nn"): ParseResult {
  return parse(new SourceFile(name, text));
}

/** `line:column-endLine:endColumn`, the end exclusive. */
export function at(span: Span): string {
  return `${span.line}:${span.column}-${span.endLine}:${span.endColumn}`;
}

/** `code line:column` of each diagnostic, in order. */
export function codes(result: ParseResult): string[] {
  return result.diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
}

/** A fully parenthesised rendering, for precedence tests (recursive: small expressions only). */
export function show(e: Expr): string {
  switch (e.kind) {
    case "Number":
      return e.raw;
    case "String":
      return JSON.stringify(e.value);
    case "Name":
      return e.name;
    case "List":
      return `[${e.elements.map(show).join(", ")}]`;
    case "Unary":
      return `(-${show(e.operand)})`;
    case "Binary":
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case "Call": {
      const args = [...e.args.map(show), ...e.named.map((n) => `${n.name.name}=${show(n.value)}`)];
      return `${e.piped ? "|" : ""}${e.callee.name}(${args.join(", ")})`;
    }
    case "Index":
      return `${show(e.target)}[${e.items.map(showItem).join(", ")}]`;
    case "Tuple":
      return `(${e.elements.map(show).join(", ")})`;
    case "Path":
      return [e.head, ...e.segments].map((s) => s.name).join(".");
  }
}

function showItem(i: IndexItem): string {
  if (i.kind === "Ellipsis") return "...";
  if (i.kind === "IndexAt") return show(i.value);
  return `${i.start === null ? "" : show(i.start)}:${i.end === null ? "" : show(i.end)}`;
}

export function showDim(d: DimExpr): string {
  if (d.kind === "DimNumber") return String(d.value);
  if (d.kind === "DimName") return d.name;
  return `(${showDim(d.left)} ${d.op} ${showDim(d.right)})`;
}
