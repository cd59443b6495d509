/**
 * The private methods that run the phases: runForward(rows, check, training), runLoss and
 * runBackward (the same parameters), and run(rows, check, upTo) that chains them, so the forward
 * pass is written once and evalLoss/trainStep/firstNonFinite's replay reuse it. A parameter a body
 * does not read gets a leading `_` (tsc --noUnusedParameters accepts that).
 */

const IDENT = /(?<![\w$.])[A-Za-z_$][\w$]*/g;

/** Identifiers a body reads outside `//` comments. */
export function identifiersOf(lines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) if (!l.trimStart().startsWith("//")) for (const id of l.match(IDENT) ?? []) out.add(id);
  return out;
}

export interface PhaseMethod {
  readonly name: string;
  readonly lines: readonly string[];
  /** The body reads `training` (dropout). */
  readonly training: boolean;
}

function methodLines(name: string, body: readonly string[], ts: boolean, priv: string): string[] {
  const ids = identifiersOf(body);
  const param = (p: string, type: string): string => `${ids.has(p) ? p : `_${p}`}${ts ? `: ${type}` : ""}`;
  const sig = `${priv}${name}(${param("rows", "number")}, ${param("check", "boolean")}, ${param("training", "boolean")})${ts ? ": void" : ""} {`;
  return [sig, ...body.map((l) => (l === "" ? l : `  ${l}`)), `}`, ``];
}

/**
 * The phase's method; a long body becomes `name` calling `namePart1`, `namePart2`, … in turn (chunkBody),
 * stopping, as run() does between phases, when a check-mode chunk found a non-finite value.
 */
export function phaseMethod(name: string, body: readonly string[], ts: boolean, priv: string, maxLines = CHUNK_LINES): PhaseMethod {
  const training = identifiersOf(body).has("training");
  const chunks = chunkBody(body, maxLines);
  if (chunks.length === 1) return { name, lines: methodLines(name, body, ts, priv), training };
  const part = (k: number): string => `${name}Part${k + 1}`;
  const calls = chunks.flatMap((_c, k) => [...(k > 0 ? [`if (check && this.found >= 0) return;`] : []), `this.${part(k)}(rows, check, training);`]);
  return { name, lines: [...methodLines(name, calls, ts, priv), ...chunks.flatMap((c, k) => methodLines(part(k), c.lines, ts, priv))], training };
}

/**
 * Whether run() reads `this.training`: a phase reads `training` (dropout, the `training` value) and the
 * class can run a training step. With the forward phase alone `training` is always false.
 */
export function readsTrainingFlag(phases: readonly PhaseMethod[]): boolean {
  return phases.length > 1 && phases.some((p) => p.training);
}

/**
 * run(rows, check, upTo): upTo 1 forward, 2 + the loss tail, 3 + backward (dropout on when training).
 * In check mode a phase that found a non-finite value stops the chain (this.found ≥ 0).
 */
export function runAllMethod(phases: readonly PhaseMethod[], ts: boolean, priv: string): string[] {
  const training = readsTrainingFlag(phases);
  const body: string[] = [];
  phases.forEach((p, k) => {
    if (k > 0) body.push(`if (upTo === ${k} || (check && this.found >= 0)) return;`);
    body.push(`this.${p.name}(rows, check, ${training ? "upTo === 3 && this.training" : "false"});`);
  });
  const T = (s: string): string => (ts ? s : "");
  const upTo = phases.length > 1 ? "upTo" : "_upTo";
  return [`${priv}run(rows${T(": number")}, check${T(": boolean")}, ${upTo}${T(": number")})${T(": void")} {`, ...body.map((l) => `  ${l}`), `}`, ``];
}

/*
 * Long phase bodies cut into chunk methods. TurboFan optimizes a method only once it is hot as a whole
 * and takes seconds for one of thousands of lines (the char transformer's runBackward: 1,700), so the
 * first training steps ran in the interpreter; methods of a few hundred lines are optimized after a few
 * calls each. A body is cut only between top-level statements (brace depth 0 outside strings and
 * comments), a comment staying with the statement below it.
 *
 * What a chunk reads from the rest of the body is re-declared in it: the buffer aliases of the body's
 * head (`const h = this.buf3;`) and the one-line scalar constants of the body
 * (`const t5 = rows * 16;`), re-evaluated where read — only those isPureScalar accepts (numbers, rows,
 * Math, earlier such constants): a later chunk that reads any other (e.g. `const u = b[0] * 2;`, whose
 * buffer may be reused in between) leaves the body whole, as does any other top-level declaration.
 */

/** Bodies of more lines than this are cut into chunks of at most about this many. */
export const CHUNK_LINES = 300;

const ALIAS = /^const ([A-Za-z_$][\w$]*) = this\.[\w$]+;$/;
const SCALAR = /^const ([A-Za-z_$][\w$]*) = [^;]*;$/;
const DECLARATION = /^(const|let|var|function|class)\b/;
/** A line that continues the statement before it (cutting above it would split one statement). */
const CONTINUATION = /^(else|catch|finally)\b|^[.?:)\]}]/;

/** The brace depth after `line`, from `depth`, outside string literals and `//` comments; null for a template literal. */
function depthAfter(line: string, depth: number): number | null {
  let d = depth;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "`") return null;
    if (ch === "/" && line[i + 1] === "/") break;
    if (ch === '"' || ch === "'") {
      for (i++; i < line.length && line[i] !== ch; i++) if (line[i] === "\\") i++;
    } else if (ch === "{") d++;
    else if (ch === "}") d--;
  }
  return d;
}

/**
 * The body's top-level statements, each with the comment lines above it: a statement ends at brace depth 0
 * on a line ending in `;` or `}`. Null when braces do not balance or a statement starts with a continuation.
 */
function statements(lines: readonly string[]): string[][] | null {
  const out: string[][] = [];
  let cur: string[] = [];
  let depth = 0;
  for (const line of lines) {
    cur.push(line);
    const d = depthAfter(line, depth);
    if (d === null || d < 0) return null;
    depth = d;
    const code = line.trim();
    if (depth === 0 && !code.startsWith("//") && (code.endsWith(";") || code.endsWith("}"))) {
      if (CONTINUATION.test(cur.find((l) => !l.trimStart().startsWith("//"))!.trim())) return null;
      out.push(cur);
      cur = [];
    }
  }
  if (depth !== 0) return null;
  if (cur.length > 0) out.push(cur);
  return out;
}

export interface Chunk {
  /** The chunk's lines: the declarations it needs, then its statements. */
  readonly lines: readonly string[];
}

/**
 * The body as chunks of whole statements, each preceded by the alias and scalar declarations it reads;
 * one chunk (the body itself) when it is short or cannot be cut safely.
 */
export function chunkBody(body: readonly string[], maxLines = CHUNK_LINES): readonly Chunk[] {
  if (body.length <= maxLines) return [{ lines: body }];
  let head = 0;
  while (head < body.length && ALIAS.test(body[head]!)) head++;
  const aliases = body.slice(0, head);
  const stmts = statements(body.slice(head));
  if (stmts === null) return [{ lines: body }];
  // Top-level one-line scalar constants, in order, with the names they read and whether re-running them is safe.
  const scalars: { name: string; line: string; reads: Set<string>; pure: boolean }[] = [];
  const pureNames = new Set(PURE_NAMES);
  for (const s of stmts) {
    const code = s.filter((l) => !l.trimStart().startsWith("//"));
    const first = code[0] ?? "";
    if (!DECLARATION.test(first)) continue;
    const m = SCALAR.exec(first);
    if (m === null || code.length !== 1) return [{ lines: body }];
    const rhs = first.slice(first.indexOf("=") + 1);
    const pure = isPureScalar(rhs, pureNames);
    if (pure) pureNames.add(m[1]!);
    scalars.push({ name: m[1]!, line: first, reads: identifiersOf([rhs]), pure });
  }
  const groups: string[][][] = [];
  let size = maxLines;
  for (const s of stmts) {
    if (size + s.length > maxLines) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1]!.push(s);
    size += s.length;
  }
  const chunks: Chunk[] = [];
  for (const g of groups) {
    const lines = g.flat();
    const own = new Set(lines.filter((l) => SCALAR.test(l)).map((l) => SCALAR.exec(l)![1]!));
    const needed = identifiersOf(lines);
    const carried: string[] = [];
    for (let i = scalars.length - 1; i >= 0; i--) {
      const s = scalars[i]!;
      if (own.has(s.name) || !needed.has(s.name)) continue;
      if (!s.pure) return [{ lines: body }];
      carried.unshift(s.line);
      for (const r of s.reads) needed.add(r);
    }
    const decls = aliases.filter((a) => needed.has(ALIAS.exec(a)![1]!));
    chunks.push({ lines: [...decls, ...carried, ...lines] });
  }
  return chunks;
}

/** Names a re-run scalar may read besides earlier pure scalars. */
const PURE_NAMES = ["rows", "Math", "Infinity", "NaN"];

/**
 * Whether evaluating `rhs` again gives the same value: no element reads (`[`), strings or templates, no
 * calls but Math's (not Math.random), and no names but PURE_NAMES and earlier pure scalars (`this`,
 * buffers and helpers excluded).
 */
function isPureScalar(rhs: string, names: ReadonlySet<string>): boolean {
  if (/[[`"']|Math\.random/.test(rhs)) return false;
  const noMath = rhs.replace(/\bMath\.[A-Za-z0-9]+\s*\(/g, "(");
  if (/[\w$\])]\s*\(/.test(noMath)) return false;
  return [...identifiersOf([noMath])].every((id) => names.has(id));
}
