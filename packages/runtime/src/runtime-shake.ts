/**
 * Tree shaking of the runtime inlined into a program (runtime-source.ts; Node-only, never inlined):
 * a top-level declaration is kept when the model class or the program glue names it, or a kept
 * declaration or top-level statement does — reachability over identifier names. A name a statement
 * declares inside itself (a parameter, a local) is that statement's own and reaches nothing (the
 * runtime never reads a top-level name where a local of the same name is also in scope), and so is a
 * property or member name (`x.foo`, `{ foo: 1 }`; a shorthand `{ foo }` does read `foo`). What
 * nothing reaches goes, with its doc comment, so a program holds the runtime it runs and passes
 * tsc --noUnusedLocals. So does a method of a kept class whose name the kept code and `usedBy` never
 * write anywhere else (as a call, a property, an interface member or any other identifier).
 */
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";
import { DataError } from "./data-error.ts";

export interface RuntimeChunk {
  readonly file: string;
  /** The file's text without imports or `export` keywords. */
  readonly text: string;
}

/**
 * The TypeScript compiler, a dependency of nnc (the published package pins it) loaded only when a
 * program is written. Its absence (a broken install, or a folder linked with `npm install -g DIR`,
 * which installs no dependencies) is E0612, not an internal error; any other failure is rethrown.
 */
export function requireTypescript(load: (id: string) => unknown = createRequire(import.meta.url)): typeof TypeScript {
  try {
    return load("typescript") as typeof TypeScript;
  } catch (e) {
    const missing = typeof e === "object" && e !== null && "code" in e && e.code === "MODULE_NOT_FOUND" && e instanceof Error && e.message.includes("'typescript'");
    if (!missing) throw e;
    throw new DataError("E0612", "nnc needs its dependency `typescript` to write a program, and it is not installed", {
      help: "reinstall nnc from npm or its .tgz (`npm install -g nnc`), or run `npm install typescript` where nnc is installed",
    });
  }
}

function typescript(): typeof TypeScript {
  return requireTypescript();
}

const WORD = /[A-Za-z_$][\w$]*/g;

/** Names a top-level statement declares. */
function declaredNames(ts: typeof TypeScript, st: TypeScript.Statement): string[] {
  if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isEnumDeclaration(st)) && st.name !== undefined) return [st.name.text];
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  return [];
}

/** A name that is a property or member (`x.foo`, `{ foo: 1 }`, `foo(): void` in a class), never a binding. */
function isMemberName(ts: typeof TypeScript, id: TypeScript.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p)) return p.name === id;
  if (ts.isQualifiedName(p)) return p.right === id;
  const named = ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p);
  return named && p.name === id;
}

function identifiers(ts: typeof TypeScript, node: TypeScript.Node, into: Set<string>): void {
  if (ts.isIdentifier(node) && !isMemberName(ts, node)) into.add(node.text);
  ts.forEachChild(node, (c) => {
    identifiers(ts, c, into);
  });
}

/** Names declared inside `st` (parameters, locals, nested functions), not its top-level names. */
function localNames(ts: typeof TypeScript, st: TypeScript.Statement, into: Set<string>): void {
  const visit = (node: TypeScript.Node): void => {
    const named = ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node);
    if (named && node !== st && node.name !== undefined && ts.isIdentifier(node.name) && !(ts.isVariableDeclaration(node) && ts.isVariableStatement(st) && node.parent.parent === st)) into.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(st, visit);
}

/** A class's method (or accessor): its text range, doc comment included. */
interface Member {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

interface ParsedDecl {
  readonly names: readonly string[];
  /** Whether it declares a type only (an interface or a type alias). */
  readonly isType: boolean;
  /** Every identifier it reads or binds, locals included, member names not (what referencedNames finds). */
  readonly found: ReadonlySet<string>;
  readonly start: number;
  readonly end: number;
  readonly refs: ReadonlySet<string>;
  /** How often each identifier (member names included) occurs in the statement. */
  readonly words: ReadonlyMap<string, number>;
  readonly methods: readonly Member[];
}

interface Decl extends ParsedDecl {
  readonly chunk: number;
}

interface ParsedChunk {
  readonly decls: readonly ParsedDecl[];
  /** Names the chunk's other top-level statements read. */
  readonly roots: readonly string[];
  /** Identifier counts of those statements. */
  readonly rootWords: ReadonlyMap<string, number>;
  /** Every identifier those statements read or bind, locals included. */
  readonly rootFound: readonly string[];
}

function countWords(ts: typeof TypeScript, node: TypeScript.Node, into: Map<string, number>): void {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) into.set(node.text, (into.get(node.text) ?? 0) + 1);
  ts.forEachChild(node, (c) => {
    countWords(ts, c, into);
  });
}

function methods(ts: typeof TypeScript, st: TypeScript.Statement): Member[] {
  if (!ts.isClassDeclaration(st)) return [];
  return st.members.flatMap((m) => {
    const method = ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m);
    return method && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? [{ name: m.name.text, start: m.getFullStart(), end: m.getEnd() }] : [];
  });
}

/**
 * Parses per runtime file text, memoised: the files do not change while a process runs, so every
 * program compiled in it (tests, the bench, the playground's server side) parses each one once. Cut
 * and shaken texts differ by program, so the memo is bounded: past MEMO_LIMIT texts it starts over.
 */
const parsed = new Map<string, ParsedChunk>();
const MEMO_LIMIT = 512;

/**
 * `memo`'s value for `key`, made by `make` on a miss. The keys are texts that differ by program, so
 * the memo is bounded: past `limit` entries it starts over.
 */
export function remembered<V>(memo: Map<string, V>, key: string, make: () => V, limit = MEMO_LIMIT): V {
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  if (memo.size >= limit) memo.clear();
  memo.set(key, value);
  return value;
}

function parseChunk(ts: typeof TypeScript, c: RuntimeChunk): ParsedChunk {
  return remembered(parsed, `${c.file}\n${c.text}`, () => parseChunkText(ts, c));
}

function parseChunkText(ts: typeof TypeScript, c: RuntimeChunk): ParsedChunk {
  const sf = ts.createSourceFile(c.file, c.text, ts.ScriptTarget.ES2022, true);
  const decls: ParsedDecl[] = [];
  const roots: string[] = [];
  const rootWords = new Map<string, number>();
  const rootFound: string[] = [];
  for (const st of sf.statements) {
    const found = new Set<string>();
    identifiers(ts, st, found);
    const locals = new Set<string>();
    localNames(ts, st, locals);
    const refs = new Set([...found].filter((r) => !locals.has(r)));
    const names = declaredNames(ts, st);
    const words = new Map<string, number>();
    countWords(ts, st, names.length === 0 ? rootWords : words);
    if (names.length === 0) {
      roots.push(...refs);
      rootFound.push(...found);
    } else {
      const isType = ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st);
      decls.push({ names, isType, found, start: st.getFullStart(), end: st.getEnd(), refs, words, methods: methods(ts, st) });
    }
  }
  return { decls, roots, rootWords, rootFound };
}

interface Shaken extends ShakenRuntime {
  /** Whether a method went: what only it read may now be unreached too. */
  readonly methodsGone: boolean;
}

function shakeOnce(ts: typeof TypeScript, chunks: readonly RuntimeChunk[], usedBy: string): Shaken {
  const byName = new Map<string, Decl[]>();
  const decls: Decl[] = [];
  const roots = new Set(usedBy.match(WORD) ?? []);
  const words = new Map<string, number>();
  const count = (w: ReadonlyMap<string, number>): void => {
    for (const [k, n] of w) words.set(k, (words.get(k) ?? 0) + n);
  };
  for (const w of usedBy.match(WORD) ?? []) words.set(w, (words.get(w) ?? 0) + 1);
  chunks.forEach((c, k) => {
    const p = parseChunk(ts, c);
    for (const r of p.roots) roots.add(r);
    for (const r of p.rootFound) reads.add(r);
    count(p.rootWords);
    for (const d of p.decls) {
      const decl: Decl = { ...d, chunk: k };
      decls.push(decl);
      for (const n of d.names) byName.set(n, [...(byName.get(n) ?? []), decl]);
    }
  });
  const kept = new Set<Decl>();
  const names = new Set<string>();
  const reads = new Set<string>();
  const work = [...roots];
  for (let name = work.pop(); name !== undefined; name = work.pop()) {
    if (names.has(name)) continue;
    names.add(name);
    for (const d of byName.get(name) ?? []) {
      if (kept.has(d)) continue;
      kept.add(d);
      for (const r of d.refs) if (!names.has(r)) work.push(r);
    }
  }
  const values = new Set<string>();
  const types = new Set<string>();
  for (const d of kept) {
    count(d.words);
    for (const r of d.found) reads.add(r);
    for (const n of d.names) (d.isType ? types : values).add(n);
  }
  // A method whose name occurs once in all kept code is its own declaration: nothing calls it.
  const deadMethods = [...kept].flatMap((d) => d.methods.filter((m) => words.get(m.name) === 1).map((m) => ({ chunk: d.chunk, start: m.start, end: m.end })));
  const out = chunks.map((c, k) => {
    let text = c.text;
    const gone = [...decls.filter((d) => d.chunk === k && !kept.has(d)), ...deadMethods.filter((m) => m.chunk === k)].sort((a, b) => b.start - a.start);
    for (const d of gone) text = text.slice(0, d.start) + text.slice(d.end);
    return { file: c.file, text: text.replace(/\n{3,}/g, "\n\n").trim() };
  });
  return { chunks: out.filter((c) => c.text !== ""), names, values, types, reads, methodsGone: deadMethods.length > 0 };
}

/** The shaken runtime and what its parse told (./program-split.ts reads these instead of parsing it again). */
export interface ShakenRuntime {
  readonly chunks: RuntimeChunk[];
  /** Every identifier the kept code and `usedBy` mention (to keep only the imports they use). */
  readonly names: Set<string>;
  /** The top-level names the kept code declares: values (functions, classes, variables) and types (interfaces, type aliases). */
  readonly values: Set<string>;
  readonly types: Set<string>;
  /** Every identifier the kept code reads or binds, member names excluded (referencedNames of its text). */
  readonly reads: Set<string>;
}

/**
 * `chunks` without the declarations nothing reaches from `usedBy` (the model class and glue text),
 * nor the methods nothing calls; `names`: every identifier the kept code and `usedBy` mention (to
 * keep only the imports they use).
 */
export function shakeRuntime(chunks: readonly RuntimeChunk[], usedBy: string): ShakenRuntime {
  const ts = typescript();
  let r = shakeOnce(ts, chunks, usedBy);
  // Each round removes at least one method, so this ends. The last removes none: its parse of the
  // chunks it was given describes the statements it keeps exactly (values, types, reads).
  while (r.methodsGone) r = shakeOnce(ts, r.chunks, usedBy);
  return { chunks: r.chunks, names: r.names, values: r.values, types: r.types, reads: r.reads };
}

/**
 * The names `text` (TypeScript) reads or declares as bindings, member names excluded (`x.foo`,
 * `{ foo: 1 }`): what a module holding `text` must import or declare.
 */
export function referencedNames(text: string): Set<string> {
  const ts = typescript();
  const into = new Set<string>();
  identifiers(ts, ts.createSourceFile("program.ts", text, ts.ScriptTarget.ES2022, true), into);
  return into;
}
