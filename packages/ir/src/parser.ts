/**
 * Parser of the canonical text form (see printer.ts). Line-oriented: one statement per line,
 *
 *   graph NAME [dims(A, B)] {
 *     input ID: TYPE [{attrs}]                 # span ← rule of id
 *     param ID: TYPE [{attrs}] [= INIT]
 *     buffer ID: TYPE [{attrs}] [= INIT]
 *     ID: TYPE = OP(ID, ...) [{key=value, ...}]
 *     init ID = INIT                           (an initializer whose param is not a node)
 *     next BUFFER = ID                         (a Graph.updates entry, in order)
 *     return [NAME [= ID], ...]
 *   }
 *
 * A `#` comment after a node is its span, step (`@group[index/count]`) and origin, each optional, in
 * that order (text-comment.ts); comment-only lines are ignored.
 */
import type { SourceFile } from "@nnc/diagnostics";
import type { AttrValue, Attrs, Graph, GraphOutput, GraphUpdate, Node, ParamInit } from "./graph.ts";
import type { TensorType } from "./types.ts";
import { INIT_SOURCE_OPS, KEYWORD_SOURCE_OPS, TYPED_SOURCE_OPS } from "./text-format.ts";
import { Cursor } from "./text-cursor.ts";
import { lexLine, splitComment, TextError } from "./text-lexer.ts";
import { parseComment } from "./text-comment.ts";

export interface GraphParseError {
  readonly error: string;
  readonly line: number;
  readonly column: number;
}

export interface ParseOptions {
  /** Source files by name, to recover span offsets from lines and columns. */
  readonly sources?: readonly SourceFile[];
}

export function isParseError(r: Graph | GraphParseError): r is GraphParseError {
  return "error" in r;
}

interface Body {
  name: string;
  dims: string[];
  nodes: Node[];
  inits: Record<string, ParamInit>;
  updates: GraphUpdate[];
  outputs: GraphOutput[] | undefined;
}

function parseAttrs(c: Cursor, type: TensorType, op: string): Attrs {
  // Keys are names from the text: no prototype, so `constructor` is not "given twice".
  const attrs = Object.create(null) as Record<string, AttrValue>;
  if (c.eatPunct("{")) {
    while (!c.eatPunct("}")) {
      if (Object.keys(attrs).length > 0) c.expectPunct(",");
      const key = c.id("an attribute name");
      if (key in attrs) c.fail(`attribute '${key}' given twice`);
      c.expectPunct("=");
      attrs[key] = c.attrValue();
    }
  }
  if (TYPED_SOURCE_OPS.has(op) && !("dtype" in attrs) && !("shape" in attrs)) {
    attrs.dtype = type.dtype;
    attrs.shape = type.shape;
  }
  return attrs;
}

function nodeStatement(c: Cursor, body: Body): Node {
  if ([...KEYWORD_SOURCE_OPS].some((w) => c.isWord(w)) && !c.isPunct(":", 1)) {
    const op = c.id();
    const id = c.id();
    c.expectPunct(":");
    const type = c.type();
    const attrs = parseAttrs(c, type, op);
    const init = INIT_SOURCE_OPS.has(op) && c.eatPunct("=") ? c.init() : undefined;
    c.expectEnd();
    if (init !== undefined) setInit(c, body, id, init);
    return { id, op, inputs: [], attrs, type };
  }
  const id = c.id("a statement");
  c.expectPunct(":");
  const type = c.type();
  c.expectPunct("=");
  const op = c.id("an op name");
  c.expectPunct("(");
  const inputs: string[] = [];
  while (!c.eatPunct(")")) {
    if (inputs.length > 0) c.expectPunct(",");
    inputs.push(c.id("an operand"));
  }
  const attrs = parseAttrs(c, type, op);
  c.expectEnd();
  return { id, op, inputs, attrs, type };
}

function setInit(c: Cursor, body: Body, id: string, init: ParamInit): void {
  if (id in body.inits) c.fail(`a second initializer for '${id}'`);
  body.inits[id] = init;
}

function returnStatement(c: Cursor): GraphOutput[] {
  const outputs: GraphOutput[] = [];
  while (!c.atEnd()) {
    if (outputs.length > 0) c.expectPunct(",");
    const name = c.id("an output");
    outputs.push({ name, id: c.eatPunct("=") ? c.id("an output value") : name });
  }
  return outputs;
}

function header(c: Cursor, body: Body): void {
  c.expectWord("graph");
  body.name = c.id("the graph's name");
  if (c.isWord("dims")) {
    c.expectWord("dims");
    c.expectPunct("(");
    while (!c.eatPunct(")")) {
      if (body.dims.length > 0) c.expectPunct(",");
      body.dims.push(c.id("a dim name"));
    }
  }
  c.expectPunct("{");
  c.expectEnd();
}

function parseLines(text: string, opts: ParseOptions): Graph {
  const body: Body = { name: "", dims: [], nodes: [], inits: Object.create(null) as Record<string, ParamInit>, updates: [], outputs: undefined };
  const lines = text.split("\n");
  let state: "start" | "body" | "done" = "start";
  for (const [i, raw] of lines.entries()) {
    const line = i + 1;
    const { code, comment, commentColumn } = splitComment(raw.replace(/\r$/, ""), line);
    const tokens = lexLine(code, line);
    if (tokens.length === 0) continue;
    const c = new Cursor(tokens, line, code.length + 1);
    if (state === "start") {
      header(c, body);
      state = "body";
    } else if (state === "done") {
      c.fail("text after the graph's closing '}'");
    } else if (c.isPunct("}")) {
      c.expectPunct("}");
      c.expectEnd();
      state = "done";
    } else if (body.outputs !== undefined) {
      c.fail("expected '}' after 'return'");
    } else if (c.isWord("return") && !c.isPunct(":", 1)) {
      c.expectWord("return");
      body.outputs = returnStatement(c);
    } else if (c.isWord("init") && !c.isPunct(":", 1)) {
      c.expectWord("init");
      const id = c.id("a param name");
      c.expectPunct("=");
      const init = c.init();
      c.expectEnd();
      setInit(c, body, id, init);
    } else if (c.isWord("next") && !c.isPunct(":", 1)) {
      c.expectWord("next");
      const buffer = c.id("a buffer name");
      c.expectPunct("=");
      const value = c.id("the buffer's next value");
      c.expectEnd();
      body.updates.push({ buffer, value });
    } else {
      const node = nodeStatement(c, body);
      const extra = comment === undefined ? {} : parseComment(comment, line, commentColumn, opts.sources ?? []);
      body.nodes.push({ ...node, ...extra });
    }
  }
  if (state === "start") throw new TextError("expected 'graph NAME {'", 1, 1);
  if (state === "body") throw new TextError("missing the graph's closing '}'", lines.length, 1);
  const updates = body.updates.length === 0 ? {} : { updates: body.updates };
  return { name: body.name, nodes: body.nodes, outputs: body.outputs ?? [], inits: body.inits, ...updates, dims: body.dims };
}

/** Parses the canonical text form; a syntax error comes back as a value with its position. */
export function parseGraph(text: string, opts: ParseOptions = {}): Graph | GraphParseError {
  try {
    return parseLines(text, opts);
  } catch (e) {
    if (e instanceof TextError) return { error: e.message, line: e.line, column: e.column };
    throw e;
  }
}
