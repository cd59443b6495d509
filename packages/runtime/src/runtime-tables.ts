/**
 * Kind tables cut to one program (runtime-source.ts; Node-only, never inlined). A kind table is a
 * top-level `const NAME: Readonly<Record<Kind, Rule>> = { kind: rule, … }` that the runtime reads only
 * with kinds from the program's train section (PROGRAM.train: no command-line option picks another),
 * so the program's copy keeps those entries alone, and runtime-shake.ts then drops the helpers only
 * the other entries used. The copy reads `= { … } satisfies Partial<T> as unknown as T` for the declared
 * type T: the entries are typed as in the runtime, and every reader sees the table's declared type.
 */
import type * as TypeScript from "typescript";
import { remembered, requireTypescript, type RuntimeChunk } from "./runtime-shake.ts";

/** The entries each kind table keeps, by the table's top-level name. */
export type KindTables = ReadonlyMap<string, ReadonlySet<string>>;

function typescript(): typeof TypeScript {
  return requireTypescript();
}

/** A property's name as written (`top_k`, `"top_k"`), or undefined for a computed or spread one. */
function propertyName(ts: typeof TypeScript, p: TypeScript.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(p)) return undefined;
  if (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) return p.name.text;
  return undefined;
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function tableEdits(ts: typeof TypeScript, sf: TypeScript.SourceFile, tables: KindTables): Edit[] {
  const edits: Edit[] = [];
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      const keep = ts.isIdentifier(d.name) ? tables.get(d.name.text) : undefined;
      const init = d.initializer;
      if (keep === undefined || d.type === undefined || init === undefined || !ts.isObjectLiteralExpression(init)) continue;
      const names = init.properties.map((p) => propertyName(ts, p));
      // A computed or spread entry could be any kind: such a table stays whole.
      if (names.some((n) => n === undefined)) continue;
      edits.push({ start: d.name.getEnd(), end: init.getStart() + 1, text: " = { // this program's kinds only (its train section's)" });
      init.properties.forEach((p, i) => {
        // An entry goes with its doc comment and its comma.
        if (keep.has(names[i]!)) return;
        const next = init.properties[i + 1];
        const end = next !== undefined ? next.getFullStart() : sf.text[p.getEnd()] === "," ? p.getEnd() + 1 : p.getEnd();
        edits.push({ start: p.getFullStart(), end, text: "" });
      });
      // `satisfies` types the entries (their parameters) as the declaration did; the cast gives the table its declared type.
      const type = d.type.getText(sf);
      edits.push({ start: init.getEnd(), end: init.getEnd(), text: ` satisfies Partial<${type}> as unknown as ${type}` });
    }
  }
  return edits;
}

/**
 * Cut chunks by the tables' entries and the chunk's file and text, memoised: the runtime files do not
 * change while a process runs and most programs keep the same kinds, so each file is parsed once per
 * selection rather than once per compile (≈ 30 ms of the MNIST MLP's ≈ 85 ms).
 */
const cut = new Map<string, RuntimeChunk>();

function cutChunk(ts: typeof TypeScript, c: RuntimeChunk, tables: KindTables, tablesKey: string): RuntimeChunk {
  return remembered(cut, `${tablesKey}\n${c.file}\n${c.text}`, () => cutChunkText(ts, c, tables));
}

function cutChunkText(ts: typeof TypeScript, c: RuntimeChunk, tables: KindTables): RuntimeChunk {
  const sf = ts.createSourceFile(c.file, c.text, ts.ScriptTarget.ES2022, true);
  const edits = tableEdits(ts, sf, tables).sort((a, b) => b.start - a.start);
  let text = c.text;
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return edits.length === 0 ? c : { file: c.file, text };
}

/** `chunks` with each kind table cut to the entries `tables` names for it. */
export function cutKindTables(chunks: readonly RuntimeChunk[], tables: KindTables): RuntimeChunk[] {
  if (tables.size === 0) return [...chunks];
  const ts = typescript();
  const tablesKey = JSON.stringify([...tables].map(([name, keep]) => [name, [...keep].sort()]).sort());
  // Only a chunk naming a table can declare it: the others are not parsed (≈ 250 ms of a cold `nnc compile`).
  const names = [...tables.keys()];
  return chunks.map((c) => (names.some((n) => c.text.includes(n)) ? cutChunk(ts, c, tables, tablesKey) : c));
}
