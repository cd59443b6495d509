/**
 * CST → AST for the statements of model and block bodies. A statement whose error is reported here is
 * left out (Poison), so the checker never sees half of it.
 */
import type { CstNode, IToken } from "chevrotain";
import { diagnostic, joinSpans } from "@nnc/diagnostics";
import type { Diagnostic, DiagnosticCode, Span } from "@nnc/diagnostics";
import type { BufferStmt, CallExpr, Expr, Ident, NextStmt, Stmt, TensorTypeExpr, TupleBindingStmt } from "./ast.ts";
import { need, nodes, Poison, sub, tok } from "./cst.ts";

/** What the statement conversion needs from the declaration-level builder. */
export interface StmtContext {
  readonly diagnostics: Diagnostic[];
  ident(t: IToken | undefined): Ident;
  span(node: CstNode): Span;
  tokenSpan(t: IToken): Span;
  doc(node: CstNode): { doc?: string };
  expression(node: CstNode): Expr;
  tensorType(node: CstNode, outside?: string): TensorTypeExpr;
}

export function statement(node: CstNode, c: StmtContext): Stmt {
  const buffer = sub(node, "bufferStmt");
  if (buffer !== undefined) return bufferStmt(buffer, c, c.doc(node));
  const next = sub(node, "nextStmt");
  if (next !== undefined) return nextStmt(next, c);
  const tuple = sub(node, "tupleBinding");
  if (tuple !== undefined) return tupleBinding(tuple, c, c.doc(node));
  const span = c.span(node);
  if (tok(node, "Return") !== undefined) return { kind: "Return", value: c.expression(need(sub(node, "value"))), span };
  const name = c.ident(tok(node, "name"));
  if (tok(node, "Param") === undefined) {
    return { kind: "Binding", name, value: c.expression(need(sub(node, "value"))), ...c.doc(node), span };
  }
  const type = c.tensorType(need(sub(node, "tensorType")), "a `param`");
  const init = initializer(node, name, "E0022", "parameter", c);
  return { kind: "Param", name, type, init, ...c.doc(node), span };
}

function bufferStmt(node: CstNode, c: StmtContext, doc: { doc?: string }): BufferStmt {
  const name = c.ident(tok(node, "name"));
  const type = c.tensorType(need(sub(node, "tensorType")), "a `buffer`");
  const init = initializer(node, name, "E0037", "buffer", c);
  return { kind: "Buffer", name, type, init, ...doc, span: c.span(node) };
}

function nextStmt(node: CstNode, c: StmtContext): NextStmt {
  return { kind: "Next", name: c.ident(tok(node, "name")), value: c.expression(need(sub(node, "value"))), span: c.span(node) };
}

/** `init` of a `param` or `buffer`: null when none was written; anything but a call is reported. */
function initializer(node: CstNode, name: Ident, code: DiagnosticCode, what: string, c: StmtContext): CallExpr | null {
  const initNode = sub(node, "init");
  const init = initNode === undefined ? null : c.expression(initNode);
  if (init === null || init.kind === "Call") return init;
  const bare = init.kind === "Name";
  c.diagnostics.push(
    diagnostic(code, `the initializer of ${what} \`${name.name}\` must be a call`, init.span, {
      label: bare ? "a function name without `()`" : "not an initializer call",
      help: bare ? `call it: \`${init.name}()\`` : "use an initializer such as `zeros()`, `constant(0.5)` or `normal(std = 0.1)`",
    }),
  );
  throw new Poison();
}

function tupleBinding(node: CstNode, c: StmtContext, doc: { doc?: string }): TupleBindingStmt {
  const span = c.span(node);
  const targets = nodes(node, "target").map((t) => c.expression(t));
  const names: Ident[] = [];
  for (const t of targets) {
    if (t.kind === "Name") {
      names.push({ kind: "Ident", name: t.name, span: t.span });
      continue;
    }
    c.diagnostics.push(
      diagnostic("E0031", "each target of a tuple binding must be a name", t.span, {
        label: "not a name",
        help: "write the names to bind, e.g. `(q, k, v) = split(qkv, 3, axis = -1)`; compute other values in their own statements",
      }),
    );
    throw new Poison();
  }
  if (names.length < 2) {
    const only = names[0];
    const targetsSpan = joinSpans(c.tokenSpan(need(tok(node, "LParen"))), c.tokenSpan(need(tok(node, "RParen"))));
    c.diagnostics.push(
      diagnostic("E0030", `a tuple binding needs at least two names, found ${names.length}`, targetsSpan, {
        label: "fewer than two names in `( … ) =`",
        help: only === undefined
          ? "list the names to bind: `(a, b) = …`"
          : `to bind one value, write \`${only.name} = …\` without parentheses`,
      }),
    );
    throw new Poison();
  }
  return { kind: "TupleBinding", names, value: c.expression(need(sub(node, "value"))), ...doc, span };
}
