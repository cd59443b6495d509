/**
 * Token cursor and value grammar of the IR text form (ids, dims, types, attribute values, inits).
 *
 *   dim   := term (('+' | '-') term)*        term := ['-'] factor ('*' factor)*
 *   type  := dtype '[' [dim (',' dim)*] ']'  factor := number | symbol
 *   value := string | true | false | nan | ['-'] inf | '[' [dim (',' dim)*] ']' | dim
 *   init  := kind '(' [number | '[' numbers ']' | key '=' number (',' key '=' number)*] ')'
 */
import { dimAdd, dimMul, dimSub, sym, type Dim } from "./dim.ts";
import type { AttrValue, ParamInit } from "./graph.ts";
import { DTYPES, type DType, type TensorType } from "./types.ts";
import { BARE_ID, INIT_FIELDS, isInitKind } from "./text-format.ts";
import { TextError, type Token } from "./text-lexer.ts";

export class Cursor {
  private pos = 0;

  constructor(
    private readonly tokens: readonly Token[],
    readonly line: number,
    private readonly endColumn: number,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }

  column(): number {
    return this.peek()?.column ?? this.endColumn;
  }

  fail(message: string): never {
    throw new TextError(message, this.line, this.column());
  }

  next(what: string): Token {
    const t = this.peek();
    if (t === undefined) this.fail(`expected ${what}, found the end of the line`);
    this.pos++;
    return t;
  }

  isPunct(c: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === "punct" && t.text === c;
  }

  isWord(w: string): boolean {
    const t = this.peek();
    return t?.kind === "id" && t.text === w;
  }

  eatPunct(c: string): boolean {
    if (!this.isPunct(c)) return false;
    this.pos++;
    return true;
  }

  expectPunct(c: string): void {
    if (!this.eatPunct(c)) this.fail(`expected '${c}'${this.found()}`);
  }

  expectWord(w: string): void {
    if (!this.isWord(w)) this.fail(`expected '${w}'${this.found()}`);
    this.pos++;
  }

  expectEnd(): void {
    if (!this.atEnd()) this.fail(`unexpected '${this.peek()?.text ?? ""}'`);
  }

  found(): string {
    const t = this.peek();
    return t === undefined ? ", found the end of the line" : `, found '${t.text}'`;
  }

  /** A bare id (`h1.W`, `%3`) or a quoted one (`"a b"`). */
  id(what = "a name"): string {
    const t = this.peek();
    if (t?.kind === "string") return this.next(what).text;
    if (t?.kind !== "id" || !BARE_ID.test(t.text)) this.fail(`expected ${what}${this.found()}`);
    return this.next(what).text;
  }

  number(): number {
    const neg = this.eatPunct("-");
    const t = this.next("a number");
    let v: number;
    if (t.kind === "number") v = Number(t.text);
    else if (t.kind === "id" && t.text === "inf") v = Infinity;
    else if (t.kind === "id" && t.text === "nan" && !neg) v = NaN;
    else throw new TextError(`expected a number, found '${t.text}'`, this.line, t.column);
    return neg ? -v : v;
  }

  private factor(): Dim {
    const t = this.next("a dimension");
    if (t.kind === "number") return Number(t.text);
    if (t.kind === "id" && BARE_ID.test(t.text) && !t.text.startsWith("%")) return sym(t.text);
    throw new TextError(`expected a dimension, found '${t.text}'`, this.line, t.column);
  }

  /** A term; a purely numeric one is computed in plain arithmetic so that `-0` survives. */
  private term(): Dim {
    const neg = this.eatPunct("-");
    let d = this.factor();
    while (this.eatPunct("*")) {
      const f = this.factor();
      d = typeof d === "number" && typeof f === "number" ? d * f : dimMul(d, f);
    }
    if (!neg) return d;
    return typeof d === "number" ? -d : dimMul(-1, d);
  }

  dim(): Dim {
    let d = this.term();
    for (;;) {
      const plus = this.isPunct("+");
      if (!plus && !this.isPunct("-")) return d;
      this.next("'+' or '-'");
      const t = this.term();
      if (typeof d === "number" && typeof t === "number") d = plus ? d + t : d - t;
      else d = plus ? dimAdd(d, t) : dimSub(d, t);
    }
  }

  dimList(): Dim[] {
    this.expectPunct("[");
    const out: Dim[] = [];
    while (!this.eatPunct("]")) {
      if (out.length > 0) this.expectPunct(",");
      out.push(this.dimOrSpecial());
    }
    return out;
  }

  private dimOrSpecial(): Dim {
    const t = this.peek();
    const inf = t?.kind === "id" && (t.text === "inf" || t.text === "nan");
    const negInf = this.isPunct("-") && this.peek(1)?.text === "inf";
    return inf || negInf ? this.number() : this.dim();
  }

  type(): TensorType {
    const t = this.next("a type");
    if (t.kind !== "id" || !(DTYPES as readonly string[]).includes(t.text)) {
      throw new TextError(`expected a dtype (${DTYPES.join(", ")}), found '${t.text}'`, this.line, t.column);
    }
    return { dtype: t.text as DType, shape: this.dimList() };
  }

  attrValue(): AttrValue {
    const t = this.peek();
    if (t?.kind === "string") return this.next("a value").text;
    if (t?.kind === "id" && (t.text === "true" || t.text === "false")) return this.next("a value").text === "true";
    if (this.isPunct("[")) return this.dimList();
    return this.dimOrSpecial();
  }

  /** An initializer as INIT_FIELDS describes its text: `kind(v)` with one field, `kind(a=v, b=w)` with more. */
  init(): ParamInit {
    const kind = this.id("an initializer");
    if (!isInitKind(kind)) this.fail(`unknown initializer '${kind}'`);
    const fields: readonly string[] = INIT_FIELDS[kind];
    this.expectPunct("(");
    const rec: Record<string, number | number[]> = {};
    fields.forEach((f, i) => {
      if (i > 0) this.expectPunct(",");
      if (fields.length > 1) {
        this.expectWord(f);
        this.expectPunct("=");
      }
      rec[f] = f === "values" ? this.numberList() : this.number();
    });
    this.expectPunct(")");
    // The fields read are exactly INIT_FIELDS[kind], the fields of that ParamInit member.
    return { kind, ...rec } as ParamInit;
  }

  private numberList(): number[] {
    this.expectPunct("[");
    const out: number[] = [];
    while (!this.eatPunct("]")) {
      if (out.length > 0) this.expectPunct(",");
      out.push(this.number());
    }
    return out;
  }
}
